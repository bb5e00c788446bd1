/**
 * Shapes of what the lab observes about a process. Shared by the engine (which produces them),
 * the CLI and the view (which consume them). Pure types and constants: no Node, no Electron.
 */

/**
 * A process state letter as the OS reports it (Linux `/proc/<pid>/stat` field 3, `ps -o stat`).
 * R running, S sleeping, D uninterruptible, Z zombie, T stopped, t traced, X dead, I idle,
 * `?` when the platform cannot tell (Windows).
 */
export type ProcState = 'R' | 'S' | 'D' | 'Z' | 'T' | 't' | 'X' | 'I' | 'W' | 'P' | '?';

/** One process as seen by one sampler tick. */
export interface ProcSample {
  pid: number;
  ppid: number;
  state: ProcState;
  /** CPU % of one core, smoothed (can exceed 100 for multi-threaded processes). */
  cpu: number;
  /**
   * Cumulative user + system CPU time, ms, as read (not smoothed): the difference between two
   * samples gives the exact CPU used in between, which a smoothed % cannot for short tasks.
   */
  cpuMs?: number;
  /** Resident set size in bytes. */
  rss: number;
  /** Process start time, epoch milliseconds (resolution: one clock tick, 10 ms on Linux). */
  startTime: number;
}

/** What role a tracked process plays in an experiment. */
/** Every role a process can have in a run (a saved run's schema checks against this list). */
export const PROC_ROLES = [
  'main', // the experiment's own "main" (the lecture's script)
  'child', // a worker started by main
  'daemon', // a child started with daemon = true
  'grandchild', // a descendant the lab did not start directly
  'observed', // the root of an `observe` run
  'electron', // one of the app's own Electron processes
  'shim', // an interpreter launcher's helper (pyenv's bash wrappers): not the program, folded away
  'forkserver', // Python's forkserver process: the parent of every forkserver child
  'resource-tracker', // Python's resource_tracker process: multiprocessing's bookkeeping
] as const;
/** One of {@link PROC_ROLES}. */
export type ProcRole = (typeof PROC_ROLES)[number];

/** Everything the lab records about one process over a run. */
export interface ProcRecord {
  /** Stable id within the engine: `<runId>:<pid>`. */
  labId: string;
  runId: string;
  pid: number;
  /** ppid as first seen. */
  ppid: number;
  /** Every ppid seen, in order (first included). */
  ppids: number[];
  name: string;
  role: ProcRole;
  /** Run-relative ms when the process was first known. */
  startMs: number;
  /** Run-relative ms when it was seen to end (exit: a zombie seen, its parent's word, or vanish), or null while alive. */
  endMs: number | null;
  /**
   * Run-relative ms when it was seen reaped (its parent's wait() collected it), or null while it
   * has not been (still a zombie when the run ended, or not yet ended). Differs from `endMs`
   * wherever the reaper was late.
   */
  reapedMs?: number | null;
  /**
   * True when the lab first met it already re-parented (its first parent exited before any tick
   * saw it, and no message named it): `ppids[0]` is then its adopter, not its real parent.
   */
  firstParentUnknown?: boolean;
  /** Exit code when it exited normally, else null. */
  exitCode: number | null;
  /** Name of the signal that ended it (`SIGTERM`), else null. */
  signal: string | null;
  /** Python's `Process.exitcode`: the exit code, or `-N` when ended by signal N. */
  pyExitcode: number | null;
  /** Distinct states seen, in order of first appearance. */
  states: ProcState[];
  /** Latest state seen. */
  state: ProcState | 'exited';
  /** Whether the lab itself started it (and so may signal it). */
  labStarted: boolean;
  /** CPU % (a ~1.5 s moving average) at the latest sample; null for a zombie (nothing runs to measure). */
  cpu: number | null;
  /** Cumulative CPU time at the latest sample, ms (see {@link ProcSample.cpuMs}). */
  cpuMs?: number;
  rss: number;
}
