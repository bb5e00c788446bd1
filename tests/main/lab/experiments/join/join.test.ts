import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';

describe('join experiment', () => {
  it('orders the three variants as the lecture says, with each child’s start overhead shown', async () => {
    const sup = labSupervisor();
    // Tasks of 1, 2, 3 s at a quarter of the time: 250, 500, 750 ms.
    const report = await sup.start('join', { durations: [1, 2, 3], timeScale: 0.25, hz: 5 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const f = report.facts as {
      serialInProcessMs: number;
      startAllJoinAllMs: number;
      startJoinEachMs: number;
      children: Array<Record<string, number | string | null>>;
    };
    const longest = 750;
    const sum = 1500;
    // Serial calls inside main: the sum of the tasks, no process overhead.
    expect(f.serialInProcessMs).toBeGreaterThanOrEqual(sum - 5);
    // (Three timers, each a little late on a busy machine: well under one task's length.)
    expect(f.serialInProcessMs).toBeLessThan(sum + 500);
    // Start all, then join all: about the longest task, plus the cost of starting the children
    // (measured per child; on a loaded machine it grows, and the total with it).
    const all = f.children.filter((c) => c.variant === 'startAllJoinAll');
    const worstStart = Math.max(...all.map((c) => Number(c.startOverheadMs)));
    expect(f.startAllJoinAllMs).toBeGreaterThanOrEqual(longest);
    expect(f.startAllJoinAllMs).toBeLessThan(longest + worstStart + 500);
    expect(f.startAllJoinAllMs).toBeLessThan(f.startJoinEachMs);
    // Start and join one by one: the sum plus each child's start overhead — slower than serial.
    expect(f.startJoinEachMs).toBeGreaterThan(f.serialInProcessMs);
    expect(f.children).toHaveLength(6);
    for (const c of f.children) {
      expect(c.startOverheadMs).toBeGreaterThan(0);
      expect(c.pyExitcode).toBe(0);
    }
    const each = f.children.filter((c) => c.variant === 'startJoinEach');
    const overheads = each.reduce((a, c) => a + Number(c.startOverheadMs), 0);
    expect(f.startJoinEachMs).toBeGreaterThanOrEqual(sum + overheads * 0.5);
    // The report's processes are the same real children, each a child of main.
    const main = report.processes.find((p) => p.role === 'main');
    const kids = report.processes.filter((p) => p.role === 'child');
    expect(kids.map((k) => k.pid).sort()).toEqual(f.children.map((c) => c.pid).sort());
    for (const k of kids) expect(k.ppids).toEqual([main?.pid]);
  });
});
