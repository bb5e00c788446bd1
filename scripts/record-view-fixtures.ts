/**
 * Records the view's test fixtures from REAL runs: each file holds the live event batches exactly
 * as the view receives them (usage ticks included, which a report leaves out) and the run's
 * report. The component tests replay them, so what they assert is what a real run showed.
 *
 *   npx electron-vite build && node --import tsx scripts/record-view-fixtures.ts [name…]
 *
 * Writes tests/renderer/fixtures/<name>.json. Timings differ per machine; the tests only assert
 * what every real run shows (a Z, an adopter, -15, an oversell), never exact times.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LabEvent } from '../contract/events';
import type { RunReport } from '../contract/report';
import { Supervisor } from '../main/lab/host/supervisor';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, 'tests/renderer/fixtures');

/**
 * Stops the run at the first event for which it returns true (a student pressing Stop then),
 * given every event of the run so far.
 */
type StopWhen = (e: LabEvent, seen: readonly LabEvent[]) => boolean;

/** The orphan has exited (its zombie seen) and its adopter has not reaped it yet: Stop. */
const orphanExited: StopWhen = (e, seen) =>
  e.type === 'exited' && seen.some((s) => s.type === 'spawned' && s.name === 'orphan' && s.pid === e.pid);

/** Fixture name → experiment and options. Fast settings: the fixtures stay small. */
const RUNS: Record<string, [string, Record<string, unknown>, StopWhen?]> = {
  zombie: ['zombie', { timeScale: 0.3, hz: 10 }],
  'zombie-kill-parent': ['zombie', { timeScale: 0.3, hz: 10, end: 'kill-parent' }],
  'zombie-pile-up': ['zombie', { timeScale: 0.3, hz: 4, pileUp: true, children: 320, holdMs: 1000 }],
  join: ['join', { timeScale: 0.3, hz: 10 }],
  parallel: ['parallel', { hz: 10, tasks: 3, workMs: 600 }],
  orphan: ['orphan', { timeScale: 0.3, hz: 10 }],
  // Stopped between the orphan's exit and its reap, recorded with this script's process as
  // the orphan's adopter (a child subreaper, PR_SET_CHILD_SUBREAPER = 36, kept across exec)
  // that never reaps it (libuv waits only for the children it spawned), as a slow `systemd
  // --user` would: the report's `reapedMs` is null.
  //   python3 -c 'import ctypes, os, sys; ctypes.CDLL(None).prctl(36, 1, 0, 0, 0);
  //     os.execvp(sys.argv[1], sys.argv[1:])' node --import tsx scripts/record-view-fixtures.ts orphan-unreaped
  'orphan-unreaped': ['orphan', { timeScale: 0.3, hz: 10 }, orphanExited],
  lifecycle: ['lifecycle', { timeScale: 0.3, hz: 10 }],
  daemon: ['daemon', { timeScale: 0.3, hz: 10 }],
  'ticket-race-unsafe': ['ticket-race', { timeScale: 0.3, hz: 10, buyers: 6 }],
  'ticket-race-serial': ['ticket-race', { timeScale: 0.3, hz: 10, buyers: 6, mode: 'serial' }],
  'ticket-race-lock': ['ticket-race', { timeScale: 0.3, hz: 10, buyers: 6, mode: 'lock' }],
  'ticket-race-repeat': ['ticket-race', { timeScale: 0.1, hz: 4, buyers: 6, repeat: 5 }],
  'ticket-race-schedule': ['ticket-race', { timeScale: 0.3, hz: 10, buyers: 3, schedule: 'r1,r2,w1,w2' }],
};

/** What a fixture file holds. */
interface Fixture {
  report: RunReport;
  batches: LabEvent[][];
}

async function record(
  sup: Supervisor,
  experiment: string,
  options: Record<string, unknown>,
  stopWhen?: StopWhen,
): Promise<Fixture> {
  const batches: LabEvent[][] = [];
  let runId: string | null = null;
  // Batches may arrive before start() returns the run: keep all, filter by run id afterwards.
  const all: LabEvent[][] = [];
  const seen: LabEvent[] = [];
  let stop = (): void => undefined;
  const onEvents = (b: LabEvent[]): void => {
    all.push(b);
    for (const e of b) {
      seen.push(e);
      if (stopWhen?.(e, seen)) stop();
    }
  };
  sup.on('events', onEvents);
  const run = sup.start(experiment, options);
  stop = () => run.stop();
  runId = run.runId;
  const report = await run.done;
  sup.off('events', onEvents);
  for (const b of all) {
    const mine = b.filter((e) => e.runId === runId);
    if (mine.length > 0) batches.push(mine);
  }
  return { report, batches };
}

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(RUNS);
const stateDir = mkdtempSync(join(tmpdir(), 'process-lab-record-'));
const sup = new Supervisor({ workersDir: resolve(root, 'out/main/workers'), stateDir });
try {
  for (const name of names) {
    const spec = RUNS[name];
    if (!spec) throw new Error(`unknown fixture "${name}"; known: ${Object.keys(RUNS).join(', ')}`);
    const fx = await record(sup, spec[0], spec[1], spec[2]);
    if (fx.report.error && !fx.report.stopped) throw new Error(`${name}: the run failed: ${fx.report.error}`);
    writeFileSync(resolve(out, `${name}.json`), `${JSON.stringify(fx)}\n`);
    process.stdout.write(`${name}: ${fx.batches.length} batches, ${fx.report.processes.length} processes\n`);
  }
} finally {
  await sup.dispose();
  rmSync(stateDir, { recursive: true, force: true });
}
