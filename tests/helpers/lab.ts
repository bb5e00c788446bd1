/**
 * Test helpers for the engine: a supervisor on the built worker programs with a throw-away
 * state folder, and a leak check that every test file runs at its end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { RunReport } from '../../contract/report';
import { findLabPids } from '../../main/lab/host/os-probe';
import { Supervisor, type SupervisorOptions } from '../../main/lab/host/supervisor';

/** Where `npm run build` puts the worker programs (the global setup builds them if missing). */
export const WORKERS_DIR = resolve(import.meta.dirname, '../../out/main/workers');

const made: Supervisor[] = [];
const runIds = new Set<string>();
const dirs: string[] = [];

/** A supervisor for one test file; every run it starts is checked for leaks after the file. */
export function labSupervisor(opts: Partial<SupervisorOptions> = {}): Supervisor {
  const stateDir = mkdtempSync(join(tmpdir(), 'process-lab-test-'));
  dirs.push(stateDir);
  const sup = new Supervisor({ workersDir: WORKERS_DIR, stateDir, graceMs: 500, ...opts });
  sup.on('run-started', (run) => runIds.add(run.runId));
  made.push(sup);
  return sup;
}

/** When the run's last process left the process table (its last exit, reap or vanishing), ms. */
export function lastGone(report: RunReport): number {
  return Math.max(
    ...report.events.flatMap((e) => (e.type === 'exited' || e.type === 'reaped' || e.type === 'vanished' ? [e.t] : [])),
  );
}

afterAll(async () => {
  for (const s of made) await s.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  // Nothing this file started may still be alive: every run's id is searched for in /proc.
  const leaked = [...runIds].flatMap((id) => findLabPids(id) ?? []);
  expect(leaked, 'processes left with this file’s PROCESS_LAB_RUN').toEqual([]);
});
