import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';

describe('isolation experiment', () => {
  it("a child changes its own copy of main's global; main's stays as it was", async () => {
    const sup = labSupervisor();
    const run = sup.start('isolation', { value: 100, childValue: 2, timeScale: 0.2, hz: 10 });
    const r = await run.done;
    expect(r.error).toBeNull();
    expect(r.leaked).toEqual([]);
    const f = r.facts;
    expect(f.parentBefore).toBe(100);
    // A fresh interpreter, not a copy of main's memory: its x starts unset...
    expect(f.childInitial).toBeNull();
    // ...then holds main's value (handed over as an argument) and is changed by the child.
    expect(f.childSaw).toBe(100);
    expect(f.childAfter).toBe(2);
    expect(f.childAfter).not.toBe(f.parentBefore);
    // Main's own x, read while the changed child still runs and again after joining it.
    expect(f.childAliveThen).toBe(true);
    expect(f.parentWhileChildAlive).toBe(100);
    expect(f.parentAfter).toBe(f.parentBefore);
    expect(f.childPyExitcode).toBe(0);

    // Two processes: main and its child, with the pids the OS knows them by.
    expect(f.parentPid).toBe(run.mainPid);
    const child = r.processes.find((p) => p.role === 'child');
    expect(f.childPid).toBe(child?.pid);
    expect(f.childSeenPid).toBe(child?.pid);
    expect(f.childSeenPpid).toBe(run.mainPid);
    expect(f.childPid).not.toBe(f.parentPid);
  });

  it('takes other values, and refuses a child value equal to the parent value', async () => {
    const sup = labSupervisor();
    expect(() => sup.start('isolation', { value: 7, childValue: 7 })).toThrow(/childValue/);
    const r = await sup.start('isolation', { value: -5, childValue: 42, timeScale: 0.2, hz: 10 }).done;
    expect(r.leaked).toEqual([]);
    expect([r.facts.parentBefore, r.facts.childSaw, r.facts.childAfter, r.facts.parentAfter]).toEqual([-5, -5, 42, -5]);
  });
});
