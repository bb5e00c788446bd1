/**
 * The join experiment's facts (written by its main): the three ways of running the same tasks,
 * each timed, and each child's start overhead. Times are ms.
 */

/** The two ways with children (the third, serial calls in main, has none). */
export type JoinVariant = 'startAllJoinAll' | 'startJoinEach';

/** One child as main saw it. */
export type JoinChildFact = {
  variant: JoinVariant;
  name: string;
  pid: number | null;
  taskMs: number;
  /** From `start()` in main to the child's first line of code. */
  startOverheadMs: number | null;
  pyExitcode: number | null;
};

export interface JoinFacts {
  serialInProcessMs: number;
  startAllJoinAllMs: number;
  startJoinEachMs: number;
  children: JoinChildFact[];
  longestTaskMs: number;
  sumOfTasksMs: number;
}
