/**
 * The lifecycle experiment's facts (`p1` is terminated, `p2` ('rocky') killed): one definition
 * its main and conduct write and the view reads. Times are ms since the run started.
 */
export interface LifecycleFacts {
  /** The two children's names, as Python gives them (`Process-1`, `rocky`). Written by main. */
  names: string[];
  /** `p1.is_alive()` before `terminate()`, right after it (a request: still True), after `join()`. */
  aliveBeforeTerminate: boolean;
  aliveRightAfterTerminate: boolean;
  aliveAfterJoin: boolean;
  /** `p1.exitcode` after join: -15 (SIGTERM). */
  pyExitcode: number | null;
  /** `p2.exitcode` after `kill()`: -9. */
  killPyExitcode: number | null;
  p1Pid: number | null;
  /** Written by the conduct, from the timeline: asked, delivered, exited, reaped. */
  terminateRequestMs: number | null;
  signalDeliveredMs: number | null;
  exitMs: number | null;
  reapMs: number | null;
  /** Whether p1 was seen in state Z between its exit and the reap. */
  zombieSeen: boolean;
}
