/**
 * Sampler benchmark: cost of one tick over N real processes, for each way of sampling them,
 * measured side by side in one run (round-robin, so machine noise hits all alike).
 *
 *   node --import tsx scripts/bench.ts [--procs 200] [--ticks 30] [--json]
 *
 * `npm run bench` runs it as its "sampler" section (scripts/bench/index.ts), with `--json`.
 *
 * Rows:
 *   (a)  our proc back end               (kept fds on /proc/<pid>/stat + children files)
 *   (a') our proc back end, scan mode    (fallback when the children files are missing)
 *   (b)  our portable back end           (pidtree once + pidusage /proc mode + one ps for states)
 *   (b') our portable back end, usePs    (pidusage spawns ps too: the fd-free alternative)
 *   (c)  naive pidtree(root) + pidusage(array)
 *   (d)  raw floor: positional reads of kept /proc/<pid>/stat fds into one buffer, split only
 *
 * Wall and CPU (this process, process.cpuUsage) per tick: median and p90. "child CPU" is the
 * CPU of spawned helpers (ps), from this process's cutime+cstime, averaged per tick (10 ms
 * resolution, so a mean over all ticks). Prints figures only.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { SamplerBackend } from '../main/lab/host/sampler/types';
import { PortableBackend } from '../main/lab/host/sampler/portable-backend';
import { ProcBackend } from '../main/lab/host/sampler/proc-backend';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${name} must be a positive integer`);
  return v;
}

const N = arg('procs', 200);
const TICKS = arg('ticks', 30);
const WARMUP = 3;
const RUN = `bench-${process.pid}`;

/** One top `sh` with a few `sh` parents under it, each with its share of `sleep 60`: N in all. */
function treeScript(n: number): string {
  const parents = Math.max(1, Math.min(n - 1, Math.round(n / 50)));
  const sleeps = Math.max(0, n - 1 - parents);
  const parts: string[] = [];
  for (let p = 0; p < parents; p++) {
    const k = Math.floor(sleeps / parents) + (p < sleeps % parents ? 1 : 0);
    parts.push(`sh -c 'i=0; while [ $i -lt ${k} ]; do sleep 60 & i=$((i+1)); done; wait' &`);
  }
  return `${parts.join(' ')} wait`;
}

const root = spawn('sh', ['-c', treeScript(N)], {
  env: { ...process.env, PROCESS_LAB_RUN: RUN },
  stdio: 'ignore',
  detached: true,
});
if (root.pid === undefined) throw new Error('could not start the process tree');
const rootPid: number = root.pid;

let killed = false;
function killTree(): void {
  if (killed) return;
  killed = true;
  try {
    process.kill(-rootPid, 'SIGKILL');
  } catch {
    // gone
  }
}
process.on('exit', killTree);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killTree();
    process.exit(130);
  });
}

/** CPU ms of reaped children of this process (cutime + cstime, Linux). */
function childCpuMs(): number {
  try {
    const s = readFileSync('/proc/self/stat', 'latin1');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Method {
  label: string;
  tick: () => Promise<number> | number;
  close?: () => void;
  wall: number[];
  cpu: number[];
  childCpu: number;
  count: number;
}

function method(label: string, tick: Method['tick'], close?: () => void): Method {
  return { label, tick, wall: [], cpu: [], childCpu: 0, count: 0, ...(close ? { close } : {}) };
}

function backendMethod(label: string, b: SamplerBackend): Method {
  return method(
    label,
    async () => (await b.sample([rootPid], new Map())).size,
    () => b.close(),
  );
}

/** (d): the Node floor — kept fds, positional read into one buffer, split after the last ')'. */
function floorMethod(pids: number[]): Method {
  const fds = pids.map((p) => openSync(`/proc/${p}/stat`, 'r'));
  const buf = Buffer.allocUnsafe(1024);
  return method(
    '(d)  raw floor: pread kept /proc stat fds',
    () => {
      let n = 0;
      for (const fd of fds) {
        const len = readSync(fd, buf, 0, buf.length, 0);
        const s = buf.toString('latin1', 0, len);
        if (s.slice(s.lastIndexOf(')') + 2).split(' ').length > 20) n++;
      }
      return n;
    },
    () => {
      for (const fd of fds) closeSync(fd);
    },
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(0.9 * s.length) - 1)] ?? 0;
}

async function main(): Promise<void> {
  const proc = new ProcBackend();
  const t0 = performance.now();
  let seen = 0;
  while (seen < N) {
    if (performance.now() - t0 > 30_000) throw new Error(`only ${seen} of ${N} processes came up`);
    await new Promise((r) => setTimeout(r, 50));
    seen = (await proc.sample([rootPid], new Map())).size;
  }
  const pids = [...(await proc.sample([rootPid], new Map())).keys()];
  const all = (await pidtree(-1)).length;
  if (!process.argv.includes('--json'))
    console.log(
      `${N} processes under pid ${rootPid} (${all} on the machine), ${TICKS} ticks each after ${WARMUP} warm-up, round-robin\n`,
    );

  const methods: Method[] = [
    backendMethod('(a)  proc back end', proc),
    backendMethod("(a') proc back end, scan fallback", new ProcBackend({ discovery: 'scan' })),
    backendMethod('(b)  portable back end', new PortableBackend()),
    backendMethod("(b') portable back end, pidusage usePs", new PortableBackend({ usePs: true })),
    method('(c)  naive pidtree(root) + pidusage(array)', async () => {
      const list = await pidtree(rootPid, { root: true });
      return Object.values(await pidusage(list)).filter(Boolean).length;
    }),
    floorMethod(pids),
  ];

  for (let i = 0; i < WARMUP + TICKS; i++) {
    for (const m of methods) {
      const c0 = childCpuMs();
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      m.count = await m.tick();
      const wall = performance.now() - w0;
      const cpu = process.cpuUsage(cpu0);
      if (i < WARMUP) continue;
      m.wall.push(wall);
      m.cpu.push((cpu.user + cpu.system) / 1000);
      m.childCpu += childCpuMs() - c0;
    }
  }
  for (const m of methods) m.close?.();

  const floor = methods[methods.length - 1] as Method;
  const ours = methods[0] as Method;
  const rows = methods.map((m) => {
    const w = median(m.wall);
    return [
      m.label,
      String(m.count),
      w.toFixed(2),
      p90(m.wall).toFixed(2),
      median(m.cpu).toFixed(2),
      p90(m.cpu).toFixed(2),
      (m.childCpu / TICKS).toFixed(1),
      `${(w / median(floor.wall)).toFixed(1)}x`,
      `${(w / median(ours.wall)).toFixed(1)}x`,
    ];
  });
  if (process.argv.includes('--json')) {
    const figures = methods.map((m) => ({
      label: m.label,
      procs: m.count,
      wallMedianMs: median(m.wall),
      wallP90Ms: p90(m.wall),
      cpuMedianMs: median(m.cpu),
      cpuP90Ms: p90(m.cpu),
      childCpuMsPerTick: m.childCpu / TICKS,
    }));
    console.log(JSON.stringify({ procs: N, ticks: TICKS, methods: figures }));
    return;
  }
  const head = ['method', 'procs', 'wall med', 'wall p90', 'cpu med', 'cpu p90', 'child cpu', 'vs (d)', 'vs (a)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\nms per tick; cpu = this process (process.cpuUsage); child cpu = spawned ps, mean per tick.');
}

try {
  await main();
} finally {
  killTree();
  // Wait until the tree is really gone (sleeps are re-parented and reaped by pid 1).
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    try {
      process.kill(-rootPid, 0);
      await new Promise((r) => setTimeout(r, 50));
    } catch {
      break;
    }
  }
}
