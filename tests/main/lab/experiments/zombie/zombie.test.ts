import { describe, expect, it } from 'vitest';
import { labSupervisor, lastGone } from '../../../../helpers/lab';

describe('zombie experiment', () => {
  it('end=reap: real Z children, reaped by the parent when it finally waits', async () => {
    const sup = labSupervisor();
    const report = await sup.start('zombie', { children: 3, end: 'reap', holdMs: 500, timeScale: 0.5, hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    expect(report.facts.zombiesSeen).toBe(3);
    expect(report.facts.maxZombiesAtOnce).toBe(3);
    expect(report.facts.reapedBy).toBe('parent');
    const main = report.processes.find((p) => p.role === 'main')!;
    expect(main.pyExitcode).toBe(0);
    for (const c of report.processes.filter((p) => p.role === 'child')) {
      expect(c.states).toContain('Z');
      expect(c.ppids).toEqual([main.pid]);
      expect(c.exitCode).toBe(0);
    }
  });

  it('stopped while the zombies wait: ends at once, the zombies gone with their parent, no error', async () => {
    const sup = labSupervisor();
    const run = sup.start('zombie', { children: 2, end: 'reap', holdMs: 30_000, hz: 10 });
    await run.waitUntil(() => run.records().filter((p) => p.state === 'Z').length === 2, 10_000, 'two zombies');
    run.stop();
    const report = await run.done;
    // The experiment was waiting out its 30 s hold: it gives up as soon as every process is
    // gone (here, once the adopter has reaped the zombies), rather than make the report wait.
    expect(report.wallMs - lastGone(report)).toBeLessThan(1000);
    expect(report.stopped).toBe(true);
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    expect(report.facts.zombiesSeen).toBe(2);
  });

  it('reaped from the view during the hold: main exits, and the run ends then, not at the hold’s end', async () => {
    // Issue 13: "Reap its 3 zombies" made main exit, and the run then stayed running (Stop
    // shown, 0 processes alive) until its 30 s hold was over.
    const sup = labSupervisor();
    const run = sup.start('zombie', { children: 3, end: 'reap', holdMs: 30_000, hz: 10 });
    await run.waitUntil(() => run.records().filter((p) => p.state === 'Z').length === 3, 10_000, 'three zombies');
    const zombie = run.records().find((p) => p.state === 'Z')!;
    sup.reap(zombie.pid);
    const report = await run.done;
    const main = report.processes.find((p) => p.role === 'main')!;
    expect(main.pyExitcode).toBe(0);
    // The report follows main's exit at once (the hold had ~28 s to go).
    expect(report.wallMs - lastGone(report)).toBeLessThan(1500);
    expect(report.wallMs).toBeLessThan(15_000);
    expect(report.stopped).toBe(false);
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    for (const c of report.processes.filter((p) => p.role === 'child')) expect(c.states).toContain('Z');
    expect(report.events.filter((e) => e.type === 'reaped' && e.by === main.pid)).toHaveLength(3);
  });

  it('end=kill-parent: the adopter (read from the OS) reaps them, and nothing is left', async () => {
    const sup = labSupervisor();
    const report = await sup.start('zombie', { children: 2, end: 'kill-parent', holdMs: 300, timeScale: 0.5, hz: 10 })
      .done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const main = report.processes.find((p) => p.role === 'main')!;
    expect(main.pyExitcode).toBe(-9);
    const by = report.facts.reapedBy as { pid: number; name: string };
    expect(by.pid).not.toBe(main.pid);
    expect(typeof by.name).toBe('string');
    const adopted = report.events.filter((e) => e.type === 'reparented');
    expect(adopted.length).toBeGreaterThan(0);
    for (const e of adopted) if (e.type === 'reparented') expect(e.to).toBe(by.pid);
  });

  it('pile-up: many zombies hold pids, counted against the pid limit', async () => {
    const sup = labSupervisor();
    const report = await sup.start('zombie', {
      children: 120,
      pileUp: true,
      end: 'kill-parent',
      holdMs: 0,
      timeScale: 0.5,
      hz: 10,
    }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    expect(report.facts.zombiesSeen).toBe(120);
    expect(report.facts.maxZombiesAtOnce).toBe(120);
    expect(report.facts.pidMax).toBeGreaterThan(120);
    expect(report.facts.pidsHeldPercentOfPidMax).toBeGreaterThan(0);
  });
});
