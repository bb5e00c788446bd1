/** What a run is started from, what it needs, and what an experiment's conduct may do with it. */
import type { LabEvent } from '../../../../contract/events';
import type { ProcRecord } from '../../../../contract/process';
import type { FactValue } from '../../../../contract/report';
import type { ExperimentOptions } from '../../experiments/types';
import type { PidFiles } from '../pidfile';
import type { PythonSession } from '../python/session';
import type { Sampler } from '../sampler/sampler';

/** What starts a run: an experiment's main, or any program to observe. */
export type RunTarget =
  | {
      kind: 'experiment';
      experiment: string;
      options: Record<string, unknown> & { hz: number };
      /** A safety net: the run is ended (and says so) if it has not finished by then. */
      timeoutMs: number;
    }
  | {
      kind: 'observe';
      command: string;
      args: string[];
      options: { hz: number; timeoutMs: number };
      /** Set for a traced Python run: what it runs (a lecture program's experiment, or a file). */
      python?: PythonTargetInfo;
    };

/** A traced Python run, as its report names it. */
export interface PythonTargetInfo {
  /** The experiment whose lecture program runs, or null for a user's program / observed command. */
  experiment: string | null;
  startMethod: string | null;
  timeScale: number;
}

export interface RunDeps {
  workersDir: string;
  /** This run's sampler (its rate is the run's `hz`); the run starts and stops it. */
  sampler: Sampler;
  pidfiles: PidFiles;
  /** Time between SIGTERM and SIGKILL when a run is ended. */
  graceMs: number;
  /** Called with the events of each sampler tick (and of the run's end), in order. */
  onBatch(events: LabEvent[]): void;
  /** This process's pid and start time, written into the pidfile. */
  supervisorIdentity?: { pid: number; startTime: number };
  /** A traced Python run's interpreter and trace socket; the run closes it at its end. */
  python?: PythonSession;
  /** Supervisor-side steps to run while main runs (an experiment's `conduct`). */
  conduct?: (run: RunHandle) => Promise<void>;
}

/**
 * An experiment's conduct (its `conduct.ts`): the supervisor's steps while main runs (observe,
 * then act: reap, kill the parent, resume a frozen buyer, …).
 */
export type Conduct = (run: RunHandle, opts: ExperimentOptions) => Promise<void>;

/** What an experiment's `conduct` may do with a running run. */
export interface RunHandle {
  readonly runId: string;
  readonly mainPid: number;
  records(): ProcRecord[];
  events(): readonly LabEvent[];
  /**
   * Resolves once `pred` holds, re-checked after every tick and message; rejects on timeout, or
   * (code `run-ended`) once every process of the run is gone and it still does not hold.
   */
  waitUntil(pred: () => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Sends a command to main: as an IPC message, and as a line on its stdin (for a parked main). */
  command(name: string): void;
  /** Ends the run now as planned (not "stopped early"): its group is ended, the report written. */
  endNow(): void;
  /** Records a fact measured on the supervisor's side. */
  fact(key: string, value: FactValue): void;
  /**
   * The facts recorded so far. Main's arrive over the same IPC channel as its marks, in order:
   * once a mark sent after a fact is seen, that fact is here too.
   */
  facts(): Readonly<Record<string, FactValue>>;
  /**
   * Samples now, outside the regular rate: resolves after a tick that read the OS after this
   * call (a tick already under way is waited for first, since it may have read before).
   */
  sampleNow(): Promise<void>;
  /**
   * Something hints that the run's processes changed (a traced call, a message, a signal): the
   * sampler samples at once (coalesced, after any tick in flight) and keeps a higher rate for a
   * short while. Cheap and safe to call often or after the run ended (then a no-op).
   */
  hint(reason: string): void;
  /** Signals a process of this run (checked like any lab signal). */
  signal(pid: number, signal: NodeJS.Signals, by: 'lab' | 'main'): void;
  /**
   * Follows a small file the run's processes share (the ticket race's db): a `file` event
   * carries its content as first read and after each write seen (at most one per write),
   * until the run ends.
   */
  watchFile(path: string): void;
}
