/**
 * What an experiment's main script is given: Python's `Process`, a clock, and ways to tell the
 * supervisor what it measured. Lives in the experiment's main process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { delay, sharedNow } from '../common/clock';
import { readLines } from '../common/lines';
import { parkUntilReap } from './park';
import { report } from './channel';
import { PyProcess, type PyProcessOptions } from './py-process';
import type { FactValue } from '../common/protocol';
import type { ExperimentOptions } from '../experiments/types';

/** An experiment's script (its `main.ts`): the lecture's `if __name__ == '__main__':` body. */
export type MainScript = (ctx: MainContext, opts: ExperimentOptions) => Promise<void>;

export interface MainContext {
  /** Creates (does not start) a child, like `Process(target=…, args=…)`. */
  Process(opts: PyProcessOptions): PyProcess;
  /** Shared-clock milliseconds (comparable with every other lab process). */
  now(): number;
  /** `time.sleep` for main itself, already-scaled milliseconds (the event loop keeps running). */
  sleep(ms: number): Promise<void>;
  /** Scales a lecture duration (ms) by the run's `--time-scale`. */
  scale(ms: number): number;
  /**
   * Parks main (event loop blocked) until the supervisor says `reap`: a parent that does not
   * wait(). Returns how long it was parked, ms.
   */
  park(): number;
  /**
   * Python's `os._exit(code)`: leaves at once, without joining children (they become orphans).
   * Facts and marks sent before are flushed first.
   */
  exitNow(code: number): Promise<never>;
  /**
   * Starts a plain program (not a Node worker) as a child of main and announces it, e.g. a shell
   * that forks and never waits. Its output lines are logged.
   */
  spawnCommand(
    name: string,
    command: string,
    args: string[],
    opts?: { stdin?: boolean; quiet?: boolean },
  ): ChildProcess;
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
    scale: (ms) => ms * timeScale,
    park: parkUntilReap,
    exitNow: async (code) => {
      await report({ k: 'mark', label: 'main-exit', at: sharedNow() });
      process.exit(code);
    },
    spawnCommand: (name, command, args, opts = {}) => {
      const child = spawn(command, args, { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
      child.stdin?.on('error', () => undefined);
      const pid = child.pid;
      if (pid === undefined) throw new Error(`could not start ${command}`);
      void report({ k: 'child', pid, ppid: process.pid, name, role: 'child', at: sharedNow() });
      readLines(child, (stream, line) => void report({ k: 'log', pid, stream, line, at: sharedNow() }));
      child.on('exit', (code, signal) => void report({ k: 'exit', pid, code, signal, at: sharedNow() }));
      return child;
    },
    fact: (key, value) => void report({ k: 'fact', key, value }),
    mark: (label, detail) =>
      void report(
        detail === undefined ? { k: 'mark', label, at: sharedNow() } : { k: 'mark', label, detail, at: sharedNow() },
      ),
    print: (line) => process.stdout.write(`${line}\n`),
  };
}
