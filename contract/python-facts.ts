/**
 * What a traced Python run's trace shows (the report's `pythonFacts`), each fact computed from
 * the run's own events and records, beside the lecture's printed figures where it has some.
 * Plain JSON. (The Node experiments' typed facts live in `contract/experiments/`; these are the
 * lecture programs', one shape for every traced run, with the parts that apply filled in.)
 */

/** A zombie seen in the OS's table (state `Z`), and the call that collected it. */
export interface PyZombieFact {
  pid: number;
  /** Run-relative ms it was first seen as `Z`. */
  zombieSinceMs: number | null;
  /** Who reaped it: the traced wait's caller and API, else (api null) who the OS's view says did (an adopter). */
  reapedBy: { pid: number; api: string | null; within: string | null; t: number } | null;
}

export interface PythonFacts {
  /** How many traced calls of each API the run made. */
  calls: Record<string, number>;
  /** Every zombie seen, and who reaped it. */
  zombies: PyZombieFact[];
  /** Processes whose parent changed (an orphan and its adopter). */
  adopted: Array<{ pid: number; from: number; to: number; toName: string | null }>;
  /** The run's time scale (sleeps scaled), 1 when unscaled: the figures below are as measured. */
  timeScale: number;
  /** join: the three totals main printed, in seconds, in the program's order. */
  joinTotalsS?: { direct: number | null; allStartThenJoin: number | null; startJoinEach: number | null };
  /** The lecture's own figures for the same (seconds, unscaled, as printed in the lesson). */
  lectureS?: { direct: 6.0; allStartThenJoin: 3.58; startJoinEach: 7.21 };
  /** lifecycle: is_alive()'s answers before and right after terminate(), and the exitcode seen. */
  terminate?: {
    target: number;
    aliveBefore: boolean | null;
    aliveRightAfter: boolean | null;
    aliveLater: boolean | null;
    exitcode: number | null;
    /** The sampler's view of the target in the first tick after terminate(): still in the table? */
    osSawItAfter: string | null;
  };
  /** daemon: when main's code ended, and when the daemonic child ended (ms, run-relative). */
  daemon?: { mainCodeEndMs: number | null; daemonEndMs: number | null; daemonPid: number };
  /** ticket race: buyers that printed success, against the one ticket of the db. */
  tickets?: { sold: number; available: 1; oversold: number };
}
