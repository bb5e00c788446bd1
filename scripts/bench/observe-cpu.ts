/**
 * Sections "observe" and "idle": the CPU the built `process-lab observe` really spends following
 * a tree of sleeping processes, beside three other observers of the same tree at the same rate.
 *
 * Each observer is one child of the bench, measured alone (one after the other, so nothing else
 * of ours runs meanwhile). Two figures each:
 * - steady: utime + stime (+ its reaped helpers, e.g. pidtree's `ps`) between two reads of
 *   `/proc/<observer>/stat`, the first one `warm` seconds after the whole tree is up;
 * - whole: everything the observer cost from exec to exit (start-up, watching the tree come up,
 *   the end): the bench's own cutime + cstime before and after reaping it. `process-lab observe`
 *   starts the tree itself, so its reaped workload is in that figure: the workload writes its
 *   own /proc stat (self + reaped children) to a file just before it exits, and that is
 *   subtracted. The others follow a tree the bench started, which is reaped after the reading.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CLI,
  ROOT,
  descendants,
  exited,
  finish,
  needBuilt,
  procCpu,
  reapedChildrenMs,
  round,
  sleep,
  statTextMs,
  waitFor,
  type BenchOptions,
  type Row,
  type Section,
} from './common';

const OBSERVERS = resolve(ROOT, 'scripts/bench/observers');

/**
 * A shell script making `n` processes in all: a top `sh`, a few `sh` parents (one per ~50), and
 * their `sleep`s. When every sleep has been ended, the top writes its own `/proc` stat (its CPU
 * and every reaped descendant's) to `$1`, so the workload's cost can be taken out.
 */
export function treeScript(n: number): string {
  const parents = Math.max(1, Math.min(n - 1, Math.round(n / 50)));
  const sleeps = Math.max(0, n - 1 - parents);
  const parts: string[] = [];
  for (let p = 0; p < parents; p++) {
    const k = Math.floor(sleeps / parents) + (p < sleeps % parents ? 1 : 0);
    parts.push(`sh -c 'i=0; while [ $i -lt ${k} ]; do sleep 3600 & i=$((i+1)); done; wait' &`);
  }
  return `${parts.join(' ')} wait; cat /proc/$$/stat > "$1"`;
}

/** Ends the sleeps under `root` (SIGTERM, each reaped by its own `sh`), so the tree ends itself. */
function endSleeps(root: number): void {
  for (const pid of descendants(root)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'latin1').trim() === 'sleep') process.kill(pid, 'SIGTERM');
    } catch {
      // Gone.
    }
  }
}

interface Measured {
  steadyMs: number;
  windowMs: number;
  wholeMs: number;
  lifeMs: number;
  detail: Record<string, number | string | boolean | null>;
}

type Method = 'observe' | 'pidtree' | 'top' | 'floor';

const LABEL: Record<Method, string> = {
  observe: 'process-lab observe',
  pidtree: 'pidtree + pidusage',
  top: 'top -b',
  floor: 'raw /proc floor',
};

/** Takes the steady reading of `pid` once `count()` reaches n, then waits `warm` and `seconds`. */
async function steady(
  pid: number,
  n: number,
  count: () => number,
  warmS: number,
  seconds: number,
): Promise<{ ms: number; windowMs: number }> {
  await waitFor(() => count() >= n, 120_000, `${n} processes to be up`);
  await sleep(warmS * 1000);
  const a = procCpu(pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const b = procCpu(pid);
  const windowMs = performance.now() - t0;
  if (!a || !b) throw new Error(`observer ${pid} ended during the measurement`);
  return { ms: b.selfMs + b.childrenMs - (a.selfMs + a.childrenMs), windowMs };
}

/** `process-lab observe` following its own tree of n; `hz` null = the default (or auto) rate. */
async function measureObserve(n: number, hz: number | null, warmS: number, seconds: number): Promise<Measured> {
  needBuilt(CLI);
  const dir = mkdtempSync(join(tmpdir(), 'process-lab-bench-'));
  const statFile = join(dir, 'workload.stat');
  try {
    const c0 = reapedChildrenMs();
    const w0 = performance.now();
    const args = [CLI, 'observe', '--json', '--timeout', '900', ...(hz === null ? [] : ['--hz', String(hz)])];
    const cli = spawn(process.execPath, [...args, '--', 'sh', '-c', treeScript(n), 'workload', statFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    cli.stdout.on('data', (d: Buffer) => (out += String(d)));
    cli.stderr.on('data', (d: Buffer) => (err += String(d)));
    const pid = cli.pid!;
    const st = await steady(pid, n, () => descendants(pid).length, warmS, seconds);
    const root = descendants(pid)[0];
    if (root !== undefined) endSleeps(root);
    const code = await exited(cli);
    const lifeMs = performance.now() - w0;
    const all = reapedChildrenMs() - c0;
    const workloadMs = statTextMs(readFileSync(statFile, 'latin1'));
    if (workloadMs === null) throw new Error('the workload did not write its CPU');
    let report: { processes?: unknown[]; options?: { hz?: unknown } } = {};
    try {
      report = JSON.parse(out) as typeof report;
    } catch {
      throw new Error(`observe printed no JSON report (exit ${String(code)}): ${err.split('\n')[0] ?? ''}`);
    }
    return {
      steadyMs: st.ms,
      windowMs: st.windowMs,
      wholeMs: all - workloadMs,
      lifeMs,
      detail: {
        processesInReport: report.processes?.length ?? null,
        hz: typeof report.options?.hz === 'number' ? report.options.hz : null,
        workloadCpuMs: workloadMs,
        exit: typeof code === 'number' ? code : String(code),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One of the references, following a tree of n that the bench started. */
async function measureReference(
  method: Exclude<Method, 'observe'>,
  n: number,
  hz: number,
  warmS: number,
  seconds: number,
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'process-lab-bench-'));
  // detached: its own process group, so one kill ends the whole tree afterwards.
  const tree = spawn('sh', ['-c', treeScript(n), 'workload', join(dir, 'workload.stat')], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, PROCESS_LAB_RUN: `bench-${process.pid}` },
  });
  const root = tree.pid!;
  let obs: ChildProcess | null = null;
  try {
    const c0 = reapedChildrenMs();
    const w0 = performance.now();
    if (method === 'top') obs = spawn('top', ['-b', '-d', String(1 / hz)], { stdio: 'ignore' });
    else {
      const file = join(OBSERVERS, method === 'pidtree' ? 'pidtree-pidusage.mjs' : 'proc-floor.mjs');
      obs = spawn(process.execPath, [file, String(root), String(hz)], { stdio: 'ignore', cwd: ROOT });
    }
    const pid = obs.pid!;
    const st = await steady(pid, n, () => 1 + descendants(root).length, warmS, seconds);
    // SIGTERM: each reference leaves at once (top ends on it too), and is reaped by us.
    obs.kill('SIGTERM');
    const code = await exited(obs);
    const lifeMs = performance.now() - w0;
    return {
      steadyMs: st.ms,
      windowMs: st.windowMs,
      wholeMs: reapedChildrenMs() - c0,
      lifeMs,
      detail: { hz, exit: typeof code === 'number' ? code : String(code) },
    };
  } finally {
    if (obs && obs.exitCode === null && obs.signalCode === null) obs.kill('SIGKILL');
    try {
      // SIGKILL to the group: the bench's own sleeping tree, nothing else.
      process.kill(-root, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited(tree);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hasTop(): Promise<boolean> {
  const p = spawn('top', ['-v'], { stdio: 'ignore' });
  return new Promise((r) => {
    p.on('error', () => r(false));
    p.on('exit', (code) => r(code === 0));
  });
}

/** Section "observe": 30 / 200 / 500 processes, four observers, steady and whole. */
export async function observeSection(o: BenchOptions): Promise<Section> {
  const rows: Row[] = [];
  const notes = [
    `rate ${o.hz} Hz for every observer (observe --hz ${o.hz}, top -d ${1 / o.hz}); steady = CPU over ${o.seconds} s ` +
      `from ${o.warmSeconds} s after the whole tree is up; whole = exec to exit, workload's CPU taken out.`,
    'top reads every process of the machine (it cannot be limited to a tree of more than 20), the others only the tree.',
    "whole also counts each observer's wall life (detail lifeS): observe starts the tree itself, waits for it to end and " +
      'writes its report; the others are ended with SIGTERM once the steady window is over.',
  ];
  const top = await hasTop();
  if (!top) notes.push('top is not installed here: its rows are empty.');
  const big = Math.max(...o.sizes);
  for (const n of o.sizes) {
    const m: Partial<Record<Method, Measured>> = {};
    m.observe = await measureObserve(n, o.hz, o.warmSeconds, o.seconds);
    m.pidtree = await measureReference('pidtree', n, o.hz, o.warmSeconds, o.seconds);
    if (top) m.top = await measureReference('top', n, o.hz, o.warmSeconds, o.seconds);
    m.floor = await measureReference('floor', n, o.hz, o.warmSeconds, o.seconds);
    // Per `seconds` of observing, whatever the exact window came to.
    const steadyS = (x: Measured | undefined): number | null =>
      x ? round((x.steadyMs / x.windowMs) * o.seconds) : null;
    const obs = m.observe;
    const targets: Record<Exclude<Method, 'observe'>, Row['target']> = n === 500 || (n === big && o.quick)
      ? {
          pidtree: { text: '≤ 0.10× (≥ 10× less)', on: 'ratio', max: 0.1 },
          floor: { text: '≤ 2×', on: 'ratio', max: 2 },
          top: { text: '≤ 1×', on: 'ratio', max: 1 },
        }
      : { pidtree: null, floor: null, top: null };
    for (const ref of ['pidtree', 'top', 'floor'] as const) {
      rows.push(
        finish({
          label: `observe ${n} procs, steady CPU: vs ${LABEL[ref]}`,
          figure: steadyS(obs),
          unit: `s CPU / ${o.seconds} s`,
          reference: { label: LABEL[ref], figure: steadyS(m[ref]) },
          target: targets[ref],
          detail: { ...obs.detail, refWindowMs: m[ref] ? round(m[ref].windowMs, 0) : null },
        }),
      );
    }
    for (const ref of ['pidtree', 'top', 'floor'] as const) {
      rows.push(
        finish({
          label: `observe ${n} procs, whole process: vs ${LABEL[ref]}`,
          figure: round(obs.wholeMs / 1000),
          unit: 's CPU, exec→exit',
          reference: { label: LABEL[ref], figure: m[ref] ? round(m[ref].wholeMs / 1000) : null },
          detail: { lifeS: round(obs.lifeMs / 1000, 1), refLifeS: m[ref] ? round(m[ref].lifeMs / 1000, 1) : null },
        }),
      );
    }
  }
  return { id: 'observe', title: 'Observing N sleeping processes: whole-process CPU', rows, notes };
}

/** Section "idle": the engine following 30 lab processes at its default (later: auto) rate. */
export async function idleSection(o: BenchOptions): Promise<Section> {
  const n = o.quick ? 5 : 30;
  const m = await measureObserve(n, null, o.warmSeconds, o.idleSeconds);
  const pct = (m.steadyMs / m.windowMs) * 100;
  return {
    id: 'idle',
    title: `The engine idle with ${n} lab processes (process-lab observe, default rate)`,
    rows: [
      finish({
        label: `idle, ${n} processes, ${o.idleSeconds} s: CPU`,
        figure: round(pct, 2),
        unit: '% of one core',
        reference: null,
        target: { text: '≤ 1 %', on: 'figure', max: 1 },
        detail: { ...m.detail, steadyCpuMs: round(m.steadyMs, 0), windowMs: round(m.windowMs, 0) },
      }),
    ],
    notes: ["observe without --hz: the rate the engine picks itself (the report's options.hz says which)."],
  };
}
