/**
 * What every bench section shares: the shape of a row (figure, reference, ratio, target), the
 * machine's header, CPU read from `/proc`, percentiles, and the places of the built programs.
 * Sections measure only the built programs and the contract, never the engine's modules, so
 * that they keep working while the engine's files move.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, release, version } from 'node:os';
import { resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The built programs (what `npm run build` makes and the user runs). */
export const CLI = resolve(ROOT, 'out/main/cli.js');
export const SERVE = resolve(ROOT, 'out/main/serve.js');

/** A target from the issue, written as a bound on a row's ratio (or on its figure). */
export interface Target {
  /** As printed, e.g. "≤ 0.10× (≥ 10× less)". */
  text: string;
  /** Which number is bounded: the ratio figure/reference, or the figure itself. */
  on: 'ratio' | 'figure';
  max: number;
}

/** One row of the table. */
export interface Row {
  label: string;
  figure: number | null;
  unit: string;
  /** What the figure is compared with, when it has a reference. */
  reference?: { label: string; figure: number | null } | null;
  /** figure / reference.figure. */
  ratio?: number | null;
  target?: Target | null;
  /** "met", "missed by …", or null without a target or figure. */
  verdict?: string | null;
  /** Anything else measured for this row (counts, raw values, the rate used). */
  detail?: Record<string, number | string | boolean | null>;
}

/** One section's outcome: rows, or why it was skipped or failed. */
export interface Section {
  id: string;
  title: string;
  rows: Row[];
  /** Set when the section could not run here (no python3, no browser): one sentence. */
  skipped?: string;
  /** Set when the section failed: one sentence. */
  error?: string;
  notes: string[];
}

/** Sizes and durations a section reads; `--quick` shrinks them all. */
export interface BenchOptions {
  quick: boolean;
  sizes: number[];
  seconds: number;
  idleSeconds: number;
  hz: number;
  warmSeconds: number;
  repeat: number;
  joinDurations: number[];
  treeSize: number;
}

/** Fills in the ratio and the verdict of a row from its figure, reference and target. */
export function finish(row: Row): Row {
  const ref = row.reference?.figure;
  const ratio = row.ratio ?? (row.figure !== null && ref ? row.figure / ref : null);
  let verdict: string | null = null;
  if (row.target) {
    const v = row.target.on === 'ratio' ? ratio : row.figure;
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      verdict = v <= row.target.max ? 'met' : `missed by ${(v / row.target.max).toFixed(1)}×`;
    }
  }
  return { ...row, ratio: row.ratio === undefined ? ratio : row.ratio, verdict };
}

/** The machine in one object: what the header prints. */
export function machine(): Record<string, string | number | number[]> {
  const cs = cpus();
  let procs = 0;
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
  } catch {
    // Not Linux: no count.
  }
  return {
    cores: cs.length,
    cpu: cs[0]?.model.trim() ?? 'unknown',
    node: process.version,
    kernel: `${release()} ${version()}`,
    platform: `${process.platform}-${process.arch}`,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    processesOnMachine: procs,
  };
}

/** The p-th percentile (0–100) by nearest rank; null for no values. */
export function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? null;
}

/** Rounds for printing and JSON: 3 significant decimals are plenty for noisy figures. */
export function round(x: number | null, digits = 3): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ: 100 on every Linux build). */
const TICKS = 100;

/** CPU of a live process from `/proc/<pid>/stat`: its own, and its waited-for children's, ms. */
export interface ProcCpu {
  selfMs: number;
  childrenMs: number;
}

/** Reads `/proc/<pid>/stat` (fields 14–17 after the name); null once the process is gone. */
export function procCpu(pid: number | 'self'): ProcCpu | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const ms = (i: number): number => (Number(f[i]) * 1000) / TICKS;
    return { selfMs: ms(11) + ms(12), childrenMs: ms(13) + ms(14) };
  } catch {
    return null;
  }
}

/** CPU ms of every child this process has reaped so far (with their own reaped descendants). */
export function reapedChildrenMs(): number {
  return procCpu('self')?.childrenMs ?? Number.NaN;
}

/** The CPU ms in a `/proc/<pid>/stat` line as text: utime + stime + cutime + cstime. */
export function statTextMs(text: string): number | null {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const v = [11, 12, 13, 14].map((i) => Number(f[i]));
  return v.every(Number.isFinite) ? (v.reduce((a, b) => a + b, 0) * 1000) / TICKS : null;
}

/** Every descendant of `pid` (children files, recursively); [] where they cannot be read. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    let kids: number[] = [];
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const text = readFileSync(`/proc/${p}/task/${tid}/children`, 'latin1').trim();
        if (text) kids = kids.concat(text.split(' ').map(Number));
      }
    } catch {
      // Gone meanwhile.
    }
    out.push(...kids);
    stack.push(...kids);
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `cond` every 50 ms until it holds; rejects after `ms` with `what` in the message. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Resolves with the exit code (or signal name) once `child` has exited and been reaped. */
export function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
}

/** Runs a program to its end; resolves with its stdout, stderr and exit code. */
export function runProgram(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    p.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    p.on('error', fail);
    p.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

/** The built program a section needs, or an Error that says to build. */
export function needBuilt(path: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` (npm run bench does)`);
}
