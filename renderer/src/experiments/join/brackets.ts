/**
 * The join experiment's drawing on the timeline: its three variants (serial in main, start all
 * then join all, start and join each) as brackets from one of main's marks to the next, totalled
 * by main's facts when known, and each child's start overhead as main measured it.
 */
import type { JoinFacts } from '../../../../contract/experiments';
import type { FactValue } from '../../../../contract/report';
import type { RunMark } from '../../lib/process-model.svelte';

/** Room above the lanes for the brackets, px. */
export const BRACKETS_HEIGHT = 50;

/** One variant: its id (a `timeline.join.<id>` text), its span on the timeline, its total (ms). */
export interface JoinBracket {
  id: string;
  t0: number;
  t1: number;
  total: number | null;
}

/** Whether the run is join's (known by its report, or while live by main's first variant mark). */
export function showsJoinBrackets(experiment: string | null, marks: readonly RunMark[]): boolean {
  return experiment === 'join' || marks.some((m) => m.label === 'start-all-join-all-start');
}

/** The variants seen so far; one still running ends at `lastT`. */
export function joinBrackets(
  marks: readonly RunMark[],
  facts: Readonly<Record<string, FactValue>> | null,
  lastT: number,
): JoinBracket[] {
  const at = (label: string): number | undefined => marks.find((m) => m.label === label)?.t;
  const f = asJoin(facts);
  const fact = (k: keyof JoinFacts): number | null => {
    const v = f?.[k];
    return typeof v === 'number' ? v : null;
  };
  const spans: Array<[string, string, string, keyof JoinFacts]> = [
    ['serial', 'serial-start', 'start-all-join-all-start', 'serialInProcessMs'],
    ['startAllJoinAll', 'start-all-join-all-start', 'start-join-each-start', 'startAllJoinAllMs'],
    ['startJoinEach', 'start-join-each-start', 'done', 'startJoinEachMs'],
  ];
  return spans.flatMap(([id, a, b, k]) => {
    const t0 = at(a);
    if (t0 === undefined) return [];
    const t1 = at(b) ?? lastT;
    return [{ id, t0, t1, total: fact(k) ?? (at(b) === undefined ? null : t1 - t0) }];
  });
}

/** Start overheads measured by main (`children[].startOverheadMs` of join), by pid. */
export function startOverheads(facts: Readonly<Record<string, FactValue>> | null): Map<number, number> {
  const kids = asJoin(facts)?.children;
  return new Map(
    (Array.isArray(kids) ? kids : []).flatMap((c) =>
      typeof c.pid === 'number' && typeof c.startOverheadMs === 'number' ? [[c.pid, c.startOverheadMs] as const] : [],
    ),
  );
}

/**
 * The model's facts read as join's. The timeline asks before it knows the run's experiment (a
 * live run has no report yet), so every value is still checked where it is read.
 */
function asJoin(facts: Readonly<Record<string, FactValue>> | null): Partial<JoinFacts> | null {
  return facts as Partial<JoinFacts> | null;
}
