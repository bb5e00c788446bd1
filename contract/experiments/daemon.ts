/**
 * The daemon experiment's facts: one definition its conduct writes and the view reads. Times
 * are ms since the run started; null where the run ended before it could be measured.
 */
export interface DaemonFacts {
  /** When main's own code finished (the mark `main-code-finished`). */
  mainCodeEndMs: number | null;
  daemonEndMs: number | null;
  /** Python's exitcode of the daemon child: -15, terminated when main's code ended. */
  daemonPyExitcode: number | null;
  normalEndMs: number | null;
  normalPyExitcode: number | null;
  /** When main itself exited (after joining the normal child). */
  mainExitMs: number | null;
}
