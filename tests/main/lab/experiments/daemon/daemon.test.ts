import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';

describe('daemon experiment', () => {
  it("ends the daemon when main's code ends; main waits for the normal child, then exits", async () => {
    const sup = labSupervisor();
    const report = await sup.start('daemon', { timeScale: 0.2, hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const f = report.facts as {
      mainCodeEndMs: number;
      daemonEndMs: number;
      daemonPyExitcode: number;
      normalEndMs: number;
      normalPyExitcode: number;
      mainExitMs: number;
    };
    // Scaled: main's code ends at 400 ms, the normal child at 600 ms, the daemon would at 1000.
    expect(f.mainCodeEndMs).toBeGreaterThanOrEqual(400);
    expect(f.daemonEndMs).toBeGreaterThanOrEqual(f.mainCodeEndMs);
    expect(f.daemonEndMs).toBeLessThan(f.normalEndMs);
    expect(f.daemonPyExitcode).toBe(-15);
    expect(f.normalPyExitcode).toBe(0);
    expect(f.mainExitMs).toBeGreaterThanOrEqual(f.normalEndMs);
    expect(report.processes.find((p) => p.name === 'daemon')?.role).toBe('daemon');
  });
});
