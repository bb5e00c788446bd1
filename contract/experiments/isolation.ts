/**
 * The isolation experiment's facts (written by its main): the module-level `x` as main and the
 * child each saw it, and who was who. A value a child did not report is null.
 */
import type { FactValue } from '../report';

export interface IsolationFacts {
  parentBefore: number | null;
  /** The child's own reports: its `x` at start (None: a fresh interpreter), after taking main's value, after changing it. */
  childInitial: FactValue;
  childSaw: FactValue;
  childAfter: FactValue;
  parentWhileChildAlive: number | null;
  childAliveThen: boolean;
  parentAfter: number | null;
  parentPid: number;
  childPid: number | null;
  childSeenPid: number | null;
  childSeenPpid: number | null;
  childPyExitcode: number | null;
}
