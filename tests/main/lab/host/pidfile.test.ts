import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { createBackend } from '../../../../main/lab/host/sampler';
import { labSupervisor } from '../../../helpers/lab';
import { waitFor } from '../../../helpers/wait';

/** A process as a crashed lab would leave it: detached (own group), tagged, with a pidfile. */
async function leftover(runId: string): Promise<{ pid: number; startTime: number }> {
  const child = spawn('sleep', ['30'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PROCESS_LAB_RUN: runId },
  });
  child.unref();
  const pid = child.pid!;
  const backend = createBackend('auto');
  const seen = await backend.sample([pid], new Map());
  backend.close();
  return { pid, startTime: seen.get(pid)!.startTime };
}

describe('pidfile sweep', () => {
  it('ends what a crashed lab left, found by pid + start time, and removes the pidfile', async () => {
    const sup = labSupervisor();
    const runId = `sweep-${process.pid}`;
    const { pid, startTime } = await leftover(runId);
    sup.pidfiles.add({ runId, pid, startTime, pgid: pid });
    const killed = await sup.sweep();
    expect(killed).toContain(pid);
    await waitFor(() => findLabPids(runId)?.length === 0, 'the leftover to die');
    expect(sup.pidfiles.list()).toEqual([]);
  });

  it('never kills a process that merely reuses a recorded pid (different start time)', async () => {
    const sup = labSupervisor();
    const runId = `reuse-${process.pid}`;
    const { pid, startTime } = await leftover(runId);
    try {
      // The pidfile claims the pid, but for a process that started 10 s earlier: not this one.
      sup.pidfiles.add({ runId: 'stale', pid, startTime: startTime - 10_000, pgid: pid });
      await sup.sweep();
      expect(findLabPids(runId)).toEqual([pid]);
      expect(sup.pidfiles.list()).toEqual([]);
    } finally {
      process.kill(-pid, 'SIGKILL');
      await waitFor(() => findLabPids(runId)?.length === 0, 'cleanup');
    }
  });

  it('leaves a run alone while its owner (another app or CLI) lives, unless forced', async () => {
    const sup = labSupervisor();
    const runId = `owned-${process.pid}`;
    const run = await leftover(runId);
    const owner = await leftover(`owner-${process.pid}`);
    sup.pidfiles.add({ runId, pid: run.pid, startTime: run.startTime, pgid: run.pid, supervisor: owner });
    try {
      expect(await sup.sweep()).toEqual([]);
      expect(findLabPids(runId)).toEqual([run.pid]);
      expect(await sup.sweep({ force: true })).toContain(run.pid);
      await waitFor(() => findLabPids(runId)?.length === 0, 'the forced sweep');
    } finally {
      process.kill(-owner.pid, 'SIGKILL');
      await waitFor(() => findLabPids(`owner-${process.pid}`)?.length === 0, 'cleanup');
    }
  });

  it('drops unreadable pidfiles instead of trusting them', () => {
    const sup = labSupervisor();
    expect(() => sup.pidfiles.add({ runId: '../../etc/passwd', pid: 1, startTime: 0, pgid: 1 })).toThrow(/bad run id/);
  });
});
