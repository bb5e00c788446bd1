/**
 * The Python tracer's cost on the lecture's programs: wall time of each `lecture.py`, traced vs
 * untraced, round-robin (so machine noise hits both alike), and the cost per fresh interpreter
 * (what every spawn/forkserver child pays once).
 *
 *   node --import tsx scripts/bench-python-tracer.ts [--rounds 3] [--scale 0.05]
 *
 * Both sides run with the same `time.sleep` scale: untraced through a 4-line sitecustomize that
 * only scales sleeps, traced through the tracer (which scales them the same way), so the
 * difference is the tracer's own work: loading, patching, one socket message per call and line.
 * The programs run under Python's default start method (fork on Linux up to 3.13). Prints
 * figures only.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findPython } from '../main/lab/python/find-python';
import { TraceServer } from '../main/lab/python/trace-server';
import { tracerBootDir, tracerEnv } from '../main/lab/python/tracer-env';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`--${name} must be a positive number`);
  return v;
}

const ROUNDS = Math.round(arg('rounds', 3));
const SCALE = arg('scale', 0.05);
const STARTUPS = 20;
const ROOT = resolve(import.meta.dirname, '..');
const IDS = ['parallel', 'spawn', 'isolation', 'join', 'lifecycle', 'zombie', 'orphan', 'daemon', 'ticket-race'];
const RUN = `bench-py-${process.pid}`;

const SCALE_ONLY = `import os, time
_s = float(os.environ.get('PROCESS_LAB_TIME_SCALE') or 1)
if _s != 1:
    _sleep = time.sleep
    time.sleep = lambda x: _sleep(x * _s)
`;

function runOnce(exe: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((res, rej) => {
    const t = performance.now();
    const child = spawn(exe, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => {
      if (code !== 0) rej(new Error(`${args.join(' ')} exited ${String(code)}: ${err.slice(0, 300)}`));
      else res(performance.now() - t);
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const py = await findPython();
  const tmp = mkdtempSync(join(tmpdir(), 'pl-bench-py-'));
  const shim = join(tmp, 'scale-only');
  const work = join(tmp, 'work');
  mkdirSync(shim);
  mkdirSync(work);
  writeFileSync(join(shim, 'sitecustomize.py'), SCALE_ONLY);
  const server = await TraceServer.listen(tmp);
  let messages = 0;
  server.on('message', () => messages++);
  const base: NodeJS.ProcessEnv = { ...process.env, PROCESS_LAB_RUN: RUN };
  delete base.PROCESS_LAB_PY_TRACE;
  const untraced = { ...base, PYTHONPATH: shim, PROCESS_LAB_TIME_SCALE: String(SCALE) };
  const traced = tracerEnv({
    base,
    runId: RUN,
    socketPath: server.path,
    bootDir: tracerBootDir(join(ROOT, 'main/lab/python')),
    timeScale: SCALE,
  });

  console.log(`python ${py.version} (${py.executable}), sleeps x${SCALE}, ${ROUNDS} rounds, median wall ms`);
  const rows = new Map(IDS.map((id) => [id, { off: [] as number[], on: [] as number[], msgs: 0 }]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const id of IDS) {
      const file = join(ROOT, 'main/lab/experiments', id, 'lecture.py');
      const row = rows.get(id)!;
      const before = messages;
      // Alternate which goes first, so a warm cache favours neither.
      if (r % 2 === 0) {
        row.off.push(await runOnce(py.executable, [file], work, untraced));
        row.on.push(await runOnce(py.executable, [file], work, traced));
      } else {
        row.on.push(await runOnce(py.executable, [file], work, traced));
        row.off.push(await runOnce(py.executable, [file], work, untraced));
      }
      row.msgs = messages - before;
    }
  }
  console.log('program       untraced   traced    +ms     +%   messages/run');
  for (const [id, row] of rows) {
    const off = median(row.off);
    const on = median(row.on);
    console.log(
      `${id.padEnd(12)} ${off.toFixed(0).padStart(9)} ${on.toFixed(0).padStart(8)} ${(on - off).toFixed(0).padStart(6)} ${(((on - off) / off) * 100).toFixed(1).padStart(6)} ${String(row.msgs).padStart(8)}`,
    );
  }

  // One fresh interpreter (what each spawn child pays): `-c pass`, with and without the tracer.
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < STARTUPS; i++) {
    off.push(await runOnce(py.executable, ['-c', 'pass'], work, untraced));
    on.push(await runOnce(py.executable, ['-c', 'pass'], work, traced));
  }
  console.log(
    `interpreter start (-c pass, ${STARTUPS}x): untraced ${median(off).toFixed(1)} ms, traced ${median(on).toFixed(1)} ms, +${(median(on) - median(off)).toFixed(1)} ms`,
  );
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}

await main();
