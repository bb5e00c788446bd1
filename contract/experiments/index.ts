/**
 * Typed facts per experiment: what each experiment's engine side records under which key, and
 * what the view may read back, in one definition.
 */
import type { FactValue, RunReport } from '../report';
import type { DaemonFacts } from './daemon';
import type { IsolationFacts } from './isolation';
import type { JoinFacts } from './join';
import type { LifecycleFacts } from './lifecycle';
import type { OrphanFacts } from './orphan';
import type { ParallelFacts } from './parallel';
import type { SpawnFacts } from './spawn';
import type { TicketRaceFacts } from './ticket-race';
import type { ZombieFacts } from './zombie';

export type { DaemonFacts } from './daemon';
export type { IsolationFacts } from './isolation';
export type { JoinChildFact, JoinFacts, JoinVariant } from './join';
export type { LifecycleFacts } from './lifecycle';
export type { OrphanFacts } from './orphan';
export type { MeasuredTaskFact, ParallelFacts, TaskFact } from './parallel';
export type { SpawnChildFact, SpawnFacts, SpawnStyle } from './spawn';
export type { BuyerFact, RaceMode, RoundFact, ScheduleLogEntry, TicketRaceFacts } from './ticket-race';
export type { ZombieEnd, ZombieFacts, ZombieReaper } from './zombie';

/** Experiment id → its facts. */
export interface ExperimentFacts {
  parallel: ParallelFacts;
  join: JoinFacts;
  lifecycle: LifecycleFacts;
  zombie: ZombieFacts;
  orphan: OrphanFacts;
  daemon: DaemonFacts;
  'ticket-race': TicketRaceFacts;
  spawn: SpawnFacts;
  isolation: IsolationFacts;
}

/** An experiment that has typed facts. */
export type FactsExperiment = keyof ExperimentFacts;

/** A facts shape: every value one the report can carry. */
export type FactsShape<F> = { [K in keyof F]: FactValue };

/**
 * The facts of `report` as experiment `id`'s, or null when the report is another experiment's.
 * Partial: a run stopped early records only what it measured.
 */
export function factsOf<Id extends FactsExperiment>(
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

/**
 * A typed reader of the facts recorded so far, for a conduct that completes what main wrote
 * (e.g. adds the OS's word to each child main described). Partial: main may not have said it yet.
 */
export function factReader<F extends FactsShape<F>>(source: {
  facts(): Readonly<Record<string, FactValue>>;
}): () => Partial<F> {
  return () => source.facts() as Partial<F>;
}
