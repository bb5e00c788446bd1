/**
 * Section "worker": what starting one lab child costs. The built worker program is forked the
 * way the lab's PyProcess forks it (its TaskSpec as the one argument, stdout/stderr piped, a JSON
 * IPC channel, the run's tag in its environment), timed from fork() to its `ready` message;
 * beside it bare `node -e 0` (spawn → exit, the reference) and a bare fork whose first
 * act is its first message (the least any Node child with IPC can do). Alternated, median.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, finish, percentile, round, type BenchOptions, type Section } from './common';

/** Where the built worker is (the restructure may move it): the first that exists. */
const CANDIDATES = ['out/main/workers/task.js', 'out/main/worker/task.js'].map((p) => resolve(ROOT, p));

function timeWorker(file: string): Promise<{ readyMs: number; exitMs: number }> {
  const spec = { target: 'sleep', args: [0, 'bench'], name: 'bench-worker', style: 'target' };
  const t0 = performance.now();
  const child = fork(file, [JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
    // As in the lab: main is forked with `execArgv: []` (main/lab/host/run/spawn-main.ts), so
    // its workers inherit none. The bench itself runs under `--import tsx`, which fork() would
    // otherwise pass on: ~350 ms of loading tsx in every measured worker, none of it the lab's.
    execArgv: [],
    env: { ...process.env, PROCESS_LAB_RUN: `bench-${process.pid}` },
  });
  child.stdout?.resume();
  child.stderr?.resume();
  let readyMs = Number.NaN;
  child.once('message', () => (readyMs = performance.now() - t0));
  return new Promise((ok, fail) => {
    child.on('error', fail);
    child.on('exit', () => ok({ readyMs, exitMs: performance.now() - t0 }));
  });
}

function timeSpawn(args: string[], ipc: boolean): Promise<{ firstMs: number; exitMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ipc ? ['ignore', 'ignore', 'ignore', 'ipc'] : 'ignore',
    ...(ipc ? { serialization: 'json' as const } : {}),
  });
  let firstMs = Number.NaN;
  child.once('message', () => (firstMs = performance.now() - t0));
  return new Promise((ok, fail) => {
    child.on('error', fail);
    child.on('exit', () => ok({ firstMs, exitMs: performance.now() - t0 }));
  });
}

/** Section "worker". */
export async function workerSection(o: BenchOptions): Promise<Section> {
  const file = CANDIDATES.find((p) => existsSync(p));
  if (!file) throw new Error(`no built worker at ${CANDIDATES.join(' or ')}: run \`npm run build\``);
  const n = Math.max(3, o.repeat * 3);
  const ready: number[] = [];
  const workerExit: number[] = [];
  const bare: number[] = [];
  const bareFork: number[] = [];
  // One warm-up of each (page cache), then alternated so the machine's noise hits all alike.
  await timeWorker(file);
  await timeSpawn(['-e', '0'], false);
  for (let i = 0; i < n; i++) {
    const w = await timeWorker(file);
    ready.push(w.readyMs);
    workerExit.push(w.exitMs);
    bare.push((await timeSpawn(['-e', '0'], false)).exitMs);
    bareFork.push((await timeSpawn(['-e', "process.send('r', () => process.exit(0))"], true)).firstMs);
  }
  const med = (xs: number[]): number | null => round(percentile(xs, 50), 1);
  return {
    id: 'worker',
    title: 'A worker start: the built worker program against bare Node',
    rows: [
      finish({
        label: 'worker fork → ready message',
        figure: med(ready),
        unit: 'ms (median)',
        reference: { label: 'node -e 0 (spawn → exit)', figure: med(bare) },
        target: { text: '≤ 1.5×', on: 'ratio', max: 1.5 },
        detail: { starts: n, p95: round(percentile(ready, 95), 1), worker: file.slice(ROOT.length + 1) },
      }),
      finish({
        label: 'worker fork → ready message',
        figure: med(ready),
        unit: 'ms (median)',
        reference: { label: 'bare fork → first message', figure: med(bareFork) },
      }),
      finish({
        label: 'worker fork → exit (task sleep 0)',
        figure: med(workerExit),
        unit: 'ms (median)',
        reference: { label: 'node -e 0 (spawn → exit)', figure: med(bare) },
      }),
    ],
    notes: [
      `${n} starts of each, alternated, after one warm-up; the figure is a report (the engine work optimises it).`,
    ],
  };
}
