/**
 * Temp folders are named by run id and removed by the next sweep once their run is gone: the
 * host CLI running a ticket race is killed with SIGKILL (it never gets to remove the db folder),
 * then a sweep over its state folder removes it. Folders of live runs, and ones just touched,
 * stay.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunTemp, runIdOfTemp, sweepRunTemps } from '../../../../main/lab/host/run-temp';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { labSupervisor } from '../../../helpers/lab';
import { waitFor } from '../../../helpers/wait';

const CLI = resolve(import.meta.dirname, '../../../../out/main/cli.js');
const ticketDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('process-lab-ticket-'));

describe('run temp folders', () => {
  it('names carry the run id; a folder of a live or just-touched run is kept', () => {
    const dir = makeRunTemp('ticket', 'r123abc');
    const name = dir.split('/').pop()!;
    expect(runIdOfTemp(name)).toBe('r123abc');
    expect(runIdOfTemp('process-lab-ticket-XXXXXX')).toBeNull();
    expect(sweepRunTemps((id) => id === 'r123abc', 0)).not.toContain(dir);
    expect(sweepRunTemps(() => false, 60_000)).not.toContain(dir);
    expect(sweepRunTemps(() => false, 0)).toContain(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('kill -9 of the host CLI mid-race leaves its folder; the next sweep removes it', async () => {
    const state = mkdtempSync(join(tmpdir(), 'process-lab-test-cli-'));
    const before = new Set(ticketDirs());
    const cli = spawn(
      process.execPath,
      [CLI, 'run', 'ticket-race', '--mode', 'lock', '--buyers', '4', '--latency-ms', '5000', '--time-scale', '1'],
      { env: { ...process.env, XDG_STATE_HOME: state }, stdio: 'ignore' },
    );
    try {
      const dir = await waitFor(
        () => ticketDirs().find((n) => !before.has(n)),
        'the race to make its db folder',
        15000,
      );
      const runId = runIdOfTemp(dir)!;
      expect(runId).toMatch(/^r[0-9a-z]+$/);
      await waitFor(() => (findLabPids(runId) ?? []).length > 1, 'buyers running');
      // SIGKILL: the host cannot clean up; its run's lifeline ends main and the buyers.
      cli.kill('SIGKILL');
      await waitFor(() => findLabPids(runId)?.length === 0, 'the run to die with its host', 10000);
      expect(existsSync(join(tmpdir(), dir))).toBe(true);
      const sup = labSupervisor({ stateDir: join(state, 'process-lab') });
      await sup.sweep({ tempGraceMs: 0 });
      expect(existsSync(join(tmpdir(), dir))).toBe(false);
      expect(sup.pidfiles.list()).toEqual([]);
    } finally {
      cli.kill('SIGKILL');
    }
  });
});
