import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';

describe('orphan experiment', () => {
  it('the child outlives main, is adopted by the pid the OS names, and is cleaned up', async () => {
    const sup = labSupervisor();
    const report = await sup.start('orphan', { timeScale: 0.2, hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const f = report.facts;
    const main = report.processes.find((p) => p.role === 'main')!;
    const o = report.processes.find((p) => p.pid === f.orphanPid)!;
    expect(f.originalPpid).toBe(main.pid);
    // The adopter is whatever the OS said: the orphan's recorded ppids end with it.
    expect(typeof f.adoptedByPid).toBe('number');
    expect(f.adoptedByPid).not.toBe(main.pid);
    expect(o.ppids).toEqual([main.pid, f.adoptedByPid]);
    expect(typeof f.adoptedByName).toBe('string');
    expect(f.adoptedAtMs as number).toBeGreaterThanOrEqual(f.parentExitMs as number);
    expect(o.endMs as number).toBeGreaterThan(main.endMs as number);
  });
});
