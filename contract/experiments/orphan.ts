/**
 * The orphan experiment's facts: one definition its main and conduct write and the view reads.
 * Times are ms since the run started; null where the run ended before it could be measured.
 */
export interface OrphanFacts {
  /** The orphan's parent when it started: main (written by main). */
  originalPpid: number | null;
  orphanPid: number;
  /** Who adopted it once main exited: init (1) or a subreaper, as the OS reported. */
  adoptedByPid: number | null;
  adoptedByName: string | null;
  adoptedAtMs: number | null;
  parentExitMs: number | null;
  /**
   * When the orphan exited (its zombie first seen, or its vanishing): not when it was reaped.
   * The reap is the report's record of it (`reapedMs`), null where the adopter had not reaped
   * it when the run ended.
   */
  orphanEndMs: number | null;
}
