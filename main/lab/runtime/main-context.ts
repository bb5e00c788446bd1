/**
 * What an experiment's main script is given: Python's `Process`, a clock, and ways to tell the
 * supervisor what it measured. Lives in the experiment's main process.
 */
import { delay, sharedNow } from '../clock';
import { report } from './channel';
import { PyProcess, type PyProcessOptions } from './py-process';
import type { FactValue } from './protocol';

export interface MainContext {
  /** Creates (does not start) a child, like `Process(target=…, args=…)`. */
  Process(opts: PyProcessOptions): PyProcess;
  /** Shared-clock milliseconds (comparable with every other lab process). */
  now(): number;
  /** `time.sleep` for main itself, already-scaled milliseconds (the event loop keeps running). */
  sleep(ms: number): Promise<void>;
  /**
   * Keeps main busy for `ms` with its event loop blocked. Node reaps children from its event
   * loop, so a child that exits meanwhile stays a zombie until this returns.
   */
  block(ms: number): void;
  /** Scales a lecture duration (ms) by the run's `--time-scale`. */
  scale(ms: number): number;
  /** Records one measured fact for the report. */
  fact(key: string, value: FactValue): void;
  /** A named moment on the timeline ("main code finished"). */
  mark(label: string, detail?: string | number | boolean): void;
  /** A line main prints, as the lecture's `print(...)`. */
  print(line: string): void;
}

/** Builds the context for one run of a main script. */
export function createMainContext(timeScale: number): MainContext {
  return {
    Process: (opts) => new PyProcess(opts),
    now: sharedNow,
    sleep: delay,
    block: (ms) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
    },
    scale: (ms) => ms * timeScale,
    fact: (key, value) => void report({ k: 'fact', key, value }),
    mark: (label, detail) =>
      void report(detail === undefined ? { k: 'mark', label, at: sharedNow() } : { k: 'mark', label, detail, at: sharedNow() }),
    print: (line) => process.stdout.write(`${line}\n`),
  };
}
