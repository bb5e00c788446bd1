/**
 * `npm run bench`: what Process Lab costs end to end, measured on the built programs, side by
 * side in one run, each figure beside its reference, the ratio, and the target (met, or
 * missed by how much). Prints a table (or one JSON document with `--json`) under a header that
 * names the machine: cores, CPU model, Node, kernel, load average at the start and the end.
 *
 *   npm run bench                                  every section, full sizes (~6 min)
 *   npm run -s bench -- --json                     the same as one JSON document on stdout
 *   npm run -s bench -- --quick                    tiny sizes, short durations: a smoke test (~1 min)
 *   npm run -s bench -- --sections observe,idle    only these (sampler, observe, idle, join,
 *                                                  worker, browser)
 *   --sizes 30,200,500  --seconds 10  --idle-seconds 30  --hz 2  --warm 1  --repeat 4
 *   --join-durations 1,2,3  --tree 500  --save bench.json (the JSON document too, beside the table)
 *
 * Sections and rows (progress goes to stderr):
 * - sampler: scripts/bench.ts as it was: one tick of each sampler back end over 200 processes,
 *   in one process (a part, not what the user runs); ms wall per tick against the raw floor (d).
 * - observe: `node out/main/cli.js observe --hz <hz> --json -- sh …` following 30 / 200 / 500
 *   sleeping processes, against a pidtree + pidusage observer (observers/pidtree-pidusage.mjs),
 *   `top -b -d 1/hz` and the raw /proc floor (observers/proc-floor.mjs, kept fds, positional
 *   reads), all at the same rate, one after another. "steady" = utime+stime (+ reaped helpers)
 *   of the observer between two reads of /proc/<pid>/stat, the first `--warm` s after the whole
 *   tree is up, over `--seconds`; "whole" = exec to exit from the bench's cutime+cstime, with the
 *   workload's own CPU (which observe reaps) taken out. Sleeps use no CPU. Targets at 500.
 * - idle: `observe` with no --hz (the engine's default or auto rate) following 30 processes for
 *   `--idle-seconds`: steady CPU as % of one core. Target ≤ 1 %.
 * - join: `run join --json` (start all, join all) minus the longest task, against Python
 *   multiprocessing with fork, spawn and forkserver doing the same (python-join.py); skipped
 *   with the reason where there is no python3.
 * - worker: the built out/main/workers/task.js forked the way the lab forks it, fork() → its
 *   `ready` message, against bare `node -e 0` (spawn → exit) and a bare fork's first message.
 *   Median of `--repeat` × 3 alternated starts. Target ≤ 1.5× node -e 0 (report only).
 * - browser: `node out/main/serve.js` and its page in Chromium (tests/e2e/browser.ts chooses
 *   it; skipped with the reason where there is none). A script put into the page before the app
 *   loads wraps its WebSocket and stamps every message on `performance.timeOrigin +
 *   performance.now()`, the epoch-ms clock of the engine's sharedNow():
 *   - exit → page: a `join` run (8 short tasks, twice) started by pressing Run, `--repeat`
 *     times; for every child's `exited` event: page receipt − (run start + the event's own t).
 *     p50 / p95 against the target 50 ms;
 *   - Run → first process visible: the click to the first new `[role=treeitem]` in the tree
 *     (a MutationObserver in the page), beside the WebSocket receipt of the first `spawned`;
 *   - 500-node tree: `zombie --pile-up --children 500 --hz 20`: per `events` message while the
 *     tree shows ≥ 90 % of the 500, main-thread work = the handler and its microtasks (up to a
 *     task queued behind it) + the next frame from its first rAF callback to a task queued
 *     after it (app rAF work, style, layout, paint). p95 against 16 ms. Receipt → end of that
 *     frame (vsync wait included) is in the detail.
 */
import { writeFileSync } from 'node:fs';
import { machine, type BenchOptions, type Row, type Section } from './common';
import { browserSection } from './browser';
import { joinSection } from './join';
import { idleSection, observeSection } from './observe-cpu';
import { samplerSection } from './sampler';
import { workerSection } from './worker';

const SECTIONS: Record<string, (o: BenchOptions) => Promise<Section>> = {
  sampler: samplerSection,
  observe: observeSection,
  idle: idleSection,
  join: joinSection,
  worker: workerSection,
  browser: browserSection,
};

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`--${name} needs a value`);
  return v;
}

function numbers(name: string, def: number[], integer: boolean): number[] {
  const raw = flag(name);
  if (raw === undefined) return def;
  const xs = raw.split(',').map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))))
    usage(`--${name} must be ${integer ? 'positive integers' : 'positive numbers'}, comma-separated`);
  return xs;
}
const one = (name: string, def: number, integer = false): number => numbers(name, [def], integer)[0] ?? def;

/** The options from the command line; `--quick` changes the defaults, flags still win. */
export function parseOptions(): BenchOptions & { json: boolean; sections: string[]; save: string | undefined } {
  const known = new Set([
    'json',
    'quick',
    'sections',
    'sizes',
    'seconds',
    'idle-seconds',
    'hz',
    'warm',
    'repeat',
    'join-durations',
    'tree',
    'save',
  ]);
  for (const a of process.argv.slice(2)) {
    if (a.startsWith('--') && !known.has(a.slice(2))) usage(`unknown flag ${a}`);
  }
  const quick = process.argv.includes('--quick');
  const sections = (flag('sections') ?? Object.keys(SECTIONS).join(',')).split(',');
  for (const s of sections) if (!SECTIONS[s]) usage(`unknown section "${s}" (${Object.keys(SECTIONS).join(', ')})`);
  return {
    json: process.argv.includes('--json'),
    save: flag('save'),
    sections,
    quick,
    sizes: numbers('sizes', quick ? [5] : [30, 200, 500], true),
    seconds: one('seconds', quick ? 1 : 10),
    idleSeconds: one('idle-seconds', quick ? 1 : 30),
    hz: one('hz', 2),
    warmSeconds: one('warm', quick ? 0.3 : 1),
    repeat: one('repeat', quick ? 1 : 4, true),
    joinDurations: numbers('join-durations', quick ? [0.1, 0.2, 0.3] : [1, 2, 3], false),
    treeSize: one('tree', quick ? 20 : 500, true),
  };
}

function fmt(x: number | null | undefined, unit = ''): string {
  if (x === null || x === undefined) return '—';
  const a = Math.abs(x);
  const s = a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
  return `${s}${unit}`;
}

/** The table: one block per section, rows with figure, reference, ratio, target and verdict. */
export function table(doc: {
  options: { quick: boolean };
  machine: Record<string, unknown>;
  end: Record<string, unknown>;
  sections: Section[];
}): string {
  const m = doc.machine;
  const out = [
    `Process Lab bench — ${String(m.cores)} cores, ${String(m.cpu)}, Node ${String(m.node)}, ${String(m.platform)}`,
    `kernel ${String(m.kernel)}`,
    `load average (1, 5, 15 min) at start ${(m.loadavg as number[]).join(' ')}, at end ${(doc.end.loadavg as number[]).join(' ')}; ` +
      `${String(m.processesOnMachine)} processes on the machine`,
    ...(doc.options.quick ? ['QUICK MODE: tiny sizes and short windows, a smoke test; do not read the verdicts.'] : []),
    'ratio = figure ÷ reference figure; a target bounds the ratio or the figure, "missed by k×" = how far over it.',
    '',
  ];
  for (const s of doc.sections) {
    out.push(`## ${s.id}: ${s.title}`);
    if (s.skipped) out.push(`skipped: ${s.skipped}`);
    if (s.error) out.push(`error: ${s.error}`);
    if (s.rows.length > 0) {
      const head = ['row', 'figure', 'unit', 'reference', 'ref figure', 'ratio', 'target', 'verdict'];
      const body = s.rows.map((r: Row) => [
        r.label,
        fmt(r.figure),
        r.unit,
        r.reference?.label ?? '—',
        fmt(r.reference?.figure),
        fmt(r.ratio, r.ratio === null || r.ratio === undefined ? '' : '×'),
        r.target?.text ?? '—',
        r.verdict ?? '—',
      ]);
      const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
      const line = (c: string[]): string =>
        c
          .map((x, i) => (i === 1 || i === 4 || i === 5 ? x.padStart(w[i] ?? 0) : x.padEnd(w[i] ?? 0)))
          .join('  ')
          .trimEnd();
      out.push(line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line));
    }
    for (const n of s.notes) out.push(`  · ${n}`);
    out.push('');
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const o = parseOptions();
  const start = machine();
  const startedAt = new Date().toISOString();
  const sections: Section[] = [];
  for (const id of o.sections) {
    process.stderr.write(`bench: ${id}…\n`);
    const t0 = Date.now();
    try {
      sections.push(await SECTIONS[id]!(o));
    } catch (err) {
      // One section failing (a moved file, a missing program) must not hide the others' figures.
      const message = err instanceof Error ? err.message : String(err);
      sections.push({ id, title: id, rows: [], error: message.split('\n')[0] ?? message, notes: [] });
    }
    process.stderr.write(`bench: ${id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const { json: _json, sections: _s, save, ...options } = o;
  const doc = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt,
    options,
    machine: start,
    end: { loadavg: machine().loadavg },
    sections,
  };
  if (save) writeFileSync(save, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(o.json ? `${JSON.stringify(doc, null, 2)}\n` : `${table(doc)}\n`);
}

await main();
