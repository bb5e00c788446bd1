import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';

describe('lifecycle experiment', () => {
  it('terminate() only asks: alive right after, dead after join, -15; kill gives -9; four separate events', async () => {
    const sup = labSupervisor();
    const report = await sup.start('lifecycle', { timeScale: 0.2, hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const f = report.facts;
    expect(f.names).toEqual([expect.stringMatching(/^Process-\d+$/), 'rocky']);
    expect(f.aliveBeforeTerminate).toBe(true);
    expect(f.aliveRightAfterTerminate).toBe(true);
    expect(f.aliveAfterJoin).toBe(false);
    expect(f.pyExitcode).toBe(-15);
    expect(f.killPyExitcode).toBe(-9);
    const t = [f.terminateRequestMs, f.signalDeliveredMs, f.exitMs, f.reapMs] as number[];
    for (const x of t) expect(typeof x).toBe('number');
    expect([...t].sort((a, b) => a - b)).toEqual(t);
    // main was busy when the child died: the OS showed it as a zombie before main reaped it.
    expect(f.zombieSeen).toBe(true);
    expect(f.reapMs as number).toBeGreaterThan(f.exitMs as number);
    const p1 = report.processes.find((p) => p.pid === f.p1Pid);
    expect(p1?.states).toContain('Z');
    expect(p1?.signal).toBe('SIGTERM');
  });
});
