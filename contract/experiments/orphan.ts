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
  orphanEndMs: number | null;
}
