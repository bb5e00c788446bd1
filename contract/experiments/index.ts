/**
 * Typed facts per experiment: what each experiment's engine side records under which key, and
 * what the view may read back, in one definition. Experiments not listed yet keep the report's
 * untyped `Record<string, FactValue>`.
 */
import type { FactValue, RunReport } from '../report';
import type { DaemonFacts } from './daemon';
import type { LifecycleFacts } from './lifecycle';
import type { OrphanFacts } from './orphan';

export type { DaemonFacts } from './daemon';
export type { LifecycleFacts } from './lifecycle';
export type { OrphanFacts } from './orphan';

/** Experiment id → its facts. */
export interface ExperimentFacts {
  daemon: DaemonFacts;
  lifecycle: LifecycleFacts;
  orphan: OrphanFacts;
}

/** A facts shape: every value one the report can carry. */
export type FactsShape<F> = { [K in keyof F]: FactValue };

/**
 * The facts of `report` as experiment `id`'s, or null when the report is another experiment's.
 * Partial: a run stopped early records only what it measured.
 */
export function factsOf<Id extends keyof ExperimentFacts>(
  report: Pick<RunReport, 'experiment' | 'facts'>,
  id: Id,
): Partial<ExperimentFacts[Id]> | null {
  return report.experiment === id ? (report.facts as Partial<ExperimentFacts[Id]>) : null;
}

/**
 * A typed writer of an experiment's facts, for its engine side (a conduct's run, or main's
 * context): the key and the value's type are checked against the one definition the view reads.
 */
export function factWriter<F extends FactsShape<F>>(sink: {
  fact(key: string, value: FactValue): void;
}): <K extends keyof F & string>(key: K, value: F[K]) => void {
  return (key, value) => sink.fact(key, value);
}
