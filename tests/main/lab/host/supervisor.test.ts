import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../main/lab/common/errors';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { labSupervisor } from '../../../helpers/lab';

describe('Supervisor', () => {
  it('runs join to the end: real children, exit codes, every process tagged and gone', async () => {
    const sup = labSupervisor();
    const run = sup.start('join', { durations: [0.1, 0.2], timeScale: 1, hz: 10 });
    const report = await run.done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const main = report.processes.find((p) => p.role === 'main');
    expect(main?.name).toBe('MainProcess');
    expect(main?.pyExitcode).toBe(0);
    const children = report.processes.filter((p) => p.role === 'child');
    expect(children).toHaveLength(4);
    for (const c of children) {
      expect(c.ppid).toBe(main?.pid);
      expect(c.exitCode).toBe(0);
      expect(c.pyExitcode).toBe(0);
      expect(c.name).toMatch(/^Process-\d+$/);
      expect(c.endMs).toBeGreaterThan(c.startMs);
    }
    expect(findLabPids(run.runId)).toEqual([]);
  });

  it('refuses to signal pid 1, itself, and pids the lab did not start', async () => {
    const sup = labSupervisor();
    await expect(sup.signal(1, 'SIGTERM')).rejects.toThrow(LabError);
    await expect(sup.signal(process.pid, 'SIGKILL')).rejects.toThrow(/not started by the lab/);
    await expect(sup.signal(process.ppid, 'SIGKILL')).rejects.toThrow(LabError);
    await expect(sup.signal(-5, 'SIGKILL')).rejects.toThrow(/not a pid/);
    await expect(sup.signal('1; rm -rf /', 'SIGKILL')).rejects.toThrow(/not a pid/);
    // A real process that is not the lab's.
    const { spawn } = await import('node:child_process');
    const stranger = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      await expect(sup.signal(stranger.pid, 'SIGKILL')).rejects.toThrow(/not a live process the lab started/);
      expect(stranger.exitCode).toBeNull();
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('rejects bad options with a clear error and starts nothing', () => {
    const sup = labSupervisor();
    const started: string[] = [];
    sup.on('run-started', (r) => started.push(r.runId));
    expect(() => sup.start('join', { durations: [-1] })).toThrow(/durations/);
    expect(() => sup.start('join', { timeScale: 'fast' })).toThrow(/timeScale/);
    expect(() => sup.start('join', { bogus: 1 })).toThrow(LabError);
    expect(() => sup.start('nope')).toThrow(/unknown experiment/);
    expect(started).toEqual([]);
  });

  it('terminate, kill, stop and continue from the lab: pyExitcode -15 and -9, a real T', async () => {
    const sup = labSupervisor();
    const termRun = sup.observe('sleep', ['30'], { hz: 20 });
    const killRun = sup.observe('sleep', ['30'], { hz: 20 });
    const term = termRun.record(termRun.mainPid)!;
    const kill = killRun.record(killRun.mainPid)!;
    await termRun.waitUntil(() => term.states.length > 0, 5000, 'first sample');
    await sup.signal(term.pid, 'SIGSTOP');
    await termRun.waitUntil(() => term.state === 'T', 5000, 'state T');
    await sup.signal(term.pid, 'SIGCONT');
    await termRun.waitUntil(() => term.state !== 'T', 5000, 'leaving T');
    await sup.signal(term.pid, 'SIGTERM');
    await sup.signal(kill.pid, 'SIGKILL');
    const [a, b] = await Promise.all([termRun.done, killRun.done]);
    const pa = a.processes[0]!;
    const pb = b.processes[0]!;
    expect(pa.states).toContain('T');
    expect([pa.signal, pa.pyExitcode]).toEqual(['SIGTERM', -15]);
    expect([pb.signal, pb.pyExitcode]).toEqual(['SIGKILL', -9]);
    // An ended process can no longer be signalled.
    await expect(sup.signal(term.pid, 'SIGKILL')).rejects.toThrow(LabError);
    expect(a.events.map((e) => e.type)).toEqual(expect.arrayContaining(['signalled', 'exited', 'reaped']));
    expect(a.leaked).toEqual([]);
    expect(b.leaked).toEqual([]);
  });

  it('follows grandchildren of an observed program and ends the whole group on kill-all', async () => {
    const sup = labSupervisor();
    const run = sup.observe('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { hz: 20 });
    await run.waitUntil(() => run.records().filter((r) => r.name === 'sleep').length === 2, 10000, 'two sleeps');
    const leaked = await sup.killAll();
    expect(leaked).toEqual([]);
    const report = await run.done;
    expect(report.stopped).toBe(true);
    expect(report.processes.filter((p) => p.role === 'child')).toHaveLength(2);
    expect(findLabPids(run.runId)).toEqual([]);
  });
});
