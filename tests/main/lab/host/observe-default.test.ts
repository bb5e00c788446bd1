/**
 * observe at the default settings (the auto rate): short-lived zombies and a quick orphan made
 * by a plain Python program are seen, a zombie's CPU is never a number, exit and reap are told
 * apart, and the report says the rate it used. Behaviour only, never timings.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../contract/events';
import { labSupervisor } from '../../../helpers/lab';

/** The interpreter itself, not a version manager's shim (which would add its own processes). */
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** 20 children, one after another: each exits at once and stays a zombie ~150 ms before its parent reaps it. */
const ZOMBIES = `
import os, time
for i in range(20):
    pid = os.fork()
    if pid == 0:
        os._exit(i)
    time.sleep(0.15)
    os.waitpid(pid, 0)
`;

/** A middle process forks a sleeper, then exits 100 ms later: the sleeper is re-parented. */
const ORPHAN = `
import os, sys, time
mid = os.fork()
if mid == 0:
    if os.fork() == 0:
        time.sleep(1.0)
        os._exit(0)
    time.sleep(0.1)
    os._exit(0)
os.waitpid(mid, 0)
time.sleep(0.1)
`;

describe('observe at the default (auto) rate', () => {
  it('sees at least 19 of 20 zombies of 150 ms, with no CPU figure, and exit before reap', async () => {
    const sup = labSupervisor();
    const live: LabEvent[] = [];
    sup.on('events', (batch: LabEvent[]) => live.push(...batch));
    const report = await sup.observe(PYTHON, ['-c', ZOMBIES], {}).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const root = report.processes[0]!;
    const kids = report.processes.filter((p) => p.ppids[0] === root.pid);
    const zombies = kids.filter((p) => p.states.includes('Z'));
    expect(zombies.length).toBeGreaterThanOrEqual(19);
    for (const z of zombies) {
      // Seen exiting (the Z), then reaped by python later: two different times.
      expect(z.endMs).not.toBeNull();
      expect(z.reapedMs).not.toBeNull();
      expect(z.reapedMs!).toBeGreaterThan(z.endMs!);
    }
    // Every usage figure sent for a pid while it was a zombie is null, not a decaying average.
    const zombieAt = new Map<number, [number, number]>();
    for (const z of zombies) zombieAt.set(z.pid, [z.endMs!, z.reapedMs!]);
    const zombieUsage = live.flatMap((e) =>
      e.type === 'usage'
        ? e.samples.filter((s) => {
            const span = zombieAt.get(s.pid);
            return span !== undefined && e.t > span[0] && e.t < span[1];
          })
        : [],
    );
    expect(zombieUsage.length).toBeGreaterThan(0);
    expect(zombieUsage.every((s) => s.cpu === null)).toBe(true);
    // The report says the rate it used.
    expect(report.sampling).toMatchObject({ mode: 'auto' });
    expect(report.sampling!.hz).toBeGreaterThan(0);
    expect(report.sampling!.ticks).toBeGreaterThan(0);
    expect(report.options.hz).toBe(0);
  });

  it('an orphan re-parented 100 ms after its birth shows both parents', async () => {
    const sup = labSupervisor();
    const report = await sup.observe(PYTHON, ['-c', ORPHAN], {}).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const root = report.processes[0]!;
    const mid = report.processes.find((p) => p.ppids[0] === root.pid);
    expect(mid).toBeDefined();
    const orphan = report.processes.find((p) => p.ppids[0] === mid!.pid);
    expect(orphan).toBeDefined();
    expect(orphan!.firstParentUnknown).toBeUndefined();
    // Born under the middle process, then adopted by someone else.
    expect(orphan!.ppids.length).toBeGreaterThanOrEqual(2);
    expect(orphan!.ppids.at(-1)).not.toBe(mid!.pid);
    expect(report.events.some((e) => e.type === 'reparented' && e.pid === orphan!.pid)).toBe(true);
  });
});
