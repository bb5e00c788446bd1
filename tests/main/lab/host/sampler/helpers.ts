/**
 * Real-process helpers for the sampler tests: start tagged processes, kill them all (and wait
 * until none is left), sample until a condition holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import type { ProcSample } from '../../../../../contract/process';
import { findLabPids } from '../../../../../main/lab/host/os-probe';
import type { SamplerBackend } from '../../../../../main/lab/host/sampler/types';
import { waitFor } from '../../../../helpers/wait';

/** Number of open fds of this process. */
export function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Samples `roots` with `backend` until `pred` holds for the result, which it returns. */
export function sampleUntil(
  backend: SamplerBackend,
  roots: readonly number[],
  pred: (m: Map<number, ProcSample>) => boolean,
  timeoutMs = 3000,
  what = 'samples',
  known: ReadonlyMap<number, number> = new Map(),
): Promise<Map<number, ProcSample>> {
  return waitFor(
    async () => {
      const m = await backend.sample(roots, known);
      return pred(m) ? m : null;
    },
    what,
    timeoutMs,
  );
}

/**
 * Starts processes tagged `PROCESS_LAB_RUN=<runId>`, each in its own process group (so one
 * kill reaches its descendants), and kills them all in {@link killAll}.
 */
export class Procs {
  readonly runId: string;
  readonly #children: ChildProcess[] = [];

  constructor(runId: string) {
    this.runId = runId;
  }

  /** Spawns `cmd args` (stdio ignored) and resolves once it has a pid. */
  start(cmd: string, args: string[]): ChildProcess & { pid: number } {
    const child = spawn(cmd, args, {
      env: { ...process.env, PROCESS_LAB_RUN: this.runId },
      stdio: 'ignore',
      detached: true,
    });
    if (child.pid === undefined) throw new Error(`could not spawn ${cmd}`);
    this.#children.push(child);
    return child as ChildProcess & { pid: number };
  }

  /** SIGKILLs one child's whole group and waits for that child's exit. */
  async kill(child: ChildProcess): Promise<void> {
    const exited = exitOf(child);
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // group gone already
      }
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await exited;
  }

  /**
   * Kills every started process group and anything else carrying the run id (by pid), waits
   * for the direct children to exit and for no tagged process to be left.
   */
  async killAll(): Promise<void> {
    await Promise.all(this.#children.map((c) => this.kill(c)));
    this.#children.length = 0;
    await waitFor(() => {
      const left = findLabPids(this.runId) ?? [];
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      return left.length === 0;
    }, `no process left with PROCESS_LAB_RUN=${this.runId}`);
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Children of `pid` in a sample map. */
export function childrenIn(m: Map<number, ProcSample>, pid: number): ProcSample[] {
  return [...m.values()].filter((s) => s.ppid === pid);
}
