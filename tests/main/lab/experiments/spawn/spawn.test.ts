import { describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';

interface Child {
  style: string;
  name: string;
  pid: number;
  ppid: number;
  childPid: number;
  childPpid: number;
  childName: string;
  arg: number | null;
  program: string;
  childRssBytes: number;
  pyExitcode: number;
  osPid: number;
  osPpid: number;
  osStates: string[];
  osRssBytes: number;
}

describe('spawn experiment', () => {
  it("starts children both ways, named and unnamed; each one's pid and ppid agree three ways", async () => {
    const sup = labSupervisor();
    const run = sup.start('spawn', { children: 2, timeScale: 0.2, hz: 10 });
    const r = await run.done;
    expect(r.error).toBeNull();
    expect(r.leaked).toEqual([]);
    const f = r.facts as unknown as Record<string, unknown> & { children: Child[] };
    const main = r.processes.find((p) => p.role === 'main')!;
    expect(f.mainPid).toBe(run.mainPid);
    expect(main.pid).toBe(run.mainPid);

    // Two per style: the target function unnamed (Python's Process-N, counted over every
    // Process created, subclass included), the subclass named as Task('Nick').
    expect(f.children.map((c) => [c.style, c.name])).toEqual([
      ['target', 'Process-1'],
      ['target', 'Process-2'],
      ['subclass', 'Nick'],
      ['subclass', 'Nick-2'],
    ]);
    expect(f.children.filter((c) => c.style === 'target').map((c) => c.arg)).toEqual([5, 6]);

    for (const c of f.children) {
      // The child's own word = the parent's p.pid = the pid the sampler read from the OS.
      expect(c.childPid).toBe(c.pid);
      expect(c.osPid).toBe(c.pid);
      // Its parent: what it sees with getppid() = main's own pid = the ppid the OS reports.
      expect(c.childPpid).toBe(run.mainPid);
      expect(c.ppid).toBe(run.mainPid);
      expect(c.osPpid).toBe(run.mainPid);
      // current_process().name inside the child is the name main gave it.
      expect(c.childName).toBe(c.name);
      expect(c.osStates.length).toBeGreaterThan(0);
      expect(c.childRssBytes).toBeGreaterThan(1_000_000);
      expect(c.osRssBytes).toBeGreaterThan(1_000_000);
      expect(c.pyExitcode).toBe(0);
      // The report's process table holds the same real process, a child of main.
      const p = r.processes.find((x) => x.pid === c.pid);
      expect(p?.name).toBe(c.name);
      expect(p?.ppids).toEqual([run.mainPid]);
      expect(p?.role).toBe('child');
    }
    expect(f.allIdsAgree).toBe(true);

    // One program file on disk, four processes with four pids.
    expect(f.sameProgram).toBe(true);
    expect(f.program).toMatch(/task\.js$/);
    expect(new Set(f.children.map((c) => c.program))).toEqual(new Set([f.program]));
    expect(f.distinctPids).toBe(4);
    expect(r.processes.filter((p) => p.role === 'child')).toHaveLength(4);
  });

  it('starts N children each way with --children', async () => {
    const sup = labSupervisor();
    const r = await sup.start('spawn', { children: 3, timeScale: 0.2, hz: 10 }).done;
    expect(r.error).toBeNull();
    expect(r.leaked).toEqual([]);
    const f = r.facts as unknown as { children: Child[]; distinctPids: number; allIdsAgree: boolean };
    expect(f.children.map((c) => c.name)).toEqual(['Process-1', 'Process-2', 'Process-3', 'Nick', 'Nick-2', 'Nick-3']);
    expect(f.distinctPids).toBe(6);
    expect(f.allIdsAgree).toBe(true);
  });

  it('refuses a bad --children and starts nothing', () => {
    const sup = labSupervisor();
    expect(() => sup.start('spawn', { children: 0 })).toThrow(/children/);
    expect(() => sup.start('spawn', { children: 1.5 })).toThrow(/children/);
  });
});
