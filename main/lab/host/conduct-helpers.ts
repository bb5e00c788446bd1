/** Reading measured facts back out of a run's records and events (supervisor side). */
import type { LabEvent, LabEventType } from '../../../contract/events';
import type { ProcRecord } from '../../../contract/process';
import type { RunHandle } from './run/run';

/** The record of the first process named `name`. */
export function byName(run: RunHandle, name: string): ProcRecord | undefined {
  return run.records().find((r) => r.name === name);
}

/** The first event of `type` for `pid` (narrowed to that event's shape). */
export function firstEvent<T extends LabEventType>(
  run: RunHandle,
  pid: number | undefined,
  type: T,
): Extract<LabEvent, { type: T }> | undefined {
  return run.events().find((e): e is Extract<LabEvent, { type: T }> => e.type === type && e.pid === pid);
}

/** Run-relative ms of the mark labelled `label`, rounded. */
export function markMs(run: RunHandle, label: string): number | null {
  const m = run.events().find((e) => e.type === 'mark' && e.label === label);
  return m ? Math.round(m.t) : null;
}

/** Rounds a possibly-missing time. */
export function ms(t: number | null | undefined): number | null {
  return t === null || t === undefined ? null : Math.round(t);
}

/** Whether the run's main has exited and been reaped (for `waitUntil` predicates). */
export function mainGone(run: RunHandle): boolean {
  return run.records().find((r) => r.pid === run.mainPid)?.state === 'exited';
}

/** Resolves once the run's main has exited and been reaped. */
export function mainExited(run: RunHandle, timeoutMs: number): Promise<void> {
  return run.waitUntil(
    () => run.records().find((r) => r.pid === run.mainPid)?.state === 'exited',
    timeoutMs,
    'main to exit',
  );
}
