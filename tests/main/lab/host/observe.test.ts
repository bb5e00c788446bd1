import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../helpers/lab';

describe('observe', () => {
  it('at 10 Hz catches a zombie that lasts half a second', async () => {
    const sup = labSupervisor();
    // sh forks `true`, then execs sleep, which never waits: `true` is a zombie for 0.5 s.
    const report = await sup.observe('sh', ['-c', 'true & exec sleep 0.5'], { hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    // The child of sh (`true`) waited as a zombie. (The root may show Z too, for the moment
    // between its exit and our own reaping: that is real, but not what is tested here.)
    const z = report.processes.filter((p) => p.role !== 'observed' && p.states.includes('Z'));
    expect(z).toHaveLength(1);
    expect(report.processes[0]?.pyExitcode).toBe(0);
  });

  it('follows an orphan that left the tree until it ends, and records its stdout', async () => {
    const sup = labSupervisor();
    // A double fork: the subshell exits at once, its `sleep` child is adopted by someone else.
    const report = await sup.observe('sh', ['-c', 'echo hello; (sleep 0.6 &); exit 0'], { hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.stopped).toBe(false);
    expect(report.leaked).toEqual([]);
    const sleep = report.processes.find((p) => p.name === 'sleep');
    expect(sleep).toBeDefined();
    // Adopted before any tick could see it under the subshell: found by its run id, not its parent.
    expect(sleep!.ppids).not.toContain(report.processes[0]?.pid);
    // Met under its adopter (no tick saw its real parent): the report says the first parent is
    // unknown instead of passing the adopter off as it.
    const parentSeen = report.processes.some((p) => p.pid === sleep!.ppids[0]);
    expect(sleep!.firstParentUnknown === true).toBe(!parentSeen);
    expect(sleep!.endMs! - sleep!.startMs).toBeGreaterThan(400);
    expect(report.events.some((e) => e.type === 'log' && e.line === 'hello')).toBe(true);
  });

  it('says when a process it found takes a new name (a subshell that execs)', async () => {
    const sup = labSupervisor();
    // The subshell is a forked `sh` for 0.4 s, then becomes `sleep` by exec: first seen as sh
    // (ticks every 100 ms from the start), renamed well inside the 1 s after it was found.
    const report = await sup.observe('sh', ['-c', '(sleep 0.4; exec sleep 1) & wait'], { hz: 10 }).done;
    expect(report.error).toBeNull();
    expect(report.leaked).toEqual([]);
    const root = report.processes[0]!;
    const renamed = report.events.flatMap((e) => (e.type === 'renamed' ? [e] : []));
    // The subshell's own `sleep 0.4` child may be caught between its fork and exec too: every
    // rename here is to sleep, and exactly one is of the subshell, root's child.
    expect(new Set(renamed.map((e) => e.name))).toEqual(new Set(['sleep']));
    const subs = renamed.filter((e) => report.processes.find((p) => p.pid === e.pid)?.ppid === root.pid);
    expect(subs).toHaveLength(1);
    const sub = report.processes.find((p) => p.pid === subs[0]!.pid)!;
    // The same process (one pid), first seen as sh, named as the OS names it now.
    expect(report.events.find((e) => e.type === 'spawned' && e.pid === sub.pid)).toMatchObject({ name: 'sh' });
    expect(sub.name).toBe('sleep');
  });

  it('ends whatever is left when --timeout passes', async () => {
    const sup = labSupervisor();
    const report = await sup.observe('sleep', ['30'], { hz: 5, timeoutMs: 300 }).done;
    expect(report.stopped).toBe(true);
    expect(report.leaked).toEqual([]);
    expect(report.processes[0]?.pyExitcode).toBe(-15);
  });

  it('a program that does not exist is a clear error', () => {
    const sup = labSupervisor();
    expect(() => sup.observe('/no/such/program', [])).toThrow(/could not start/);
  });
});
