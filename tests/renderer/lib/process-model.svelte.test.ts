import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabEvent } from '../../../contract/events';
import { NO_USAGE, ProcessModel, formerParent } from '../../../renderer/src/lib/process-model.svelte';
import { electronRecord, fixture, replay } from '../fixtures';

afterEach(() => {
  vi.useRealTimers();
});

describe('ProcessModel, replaying real runs', () => {
  it('zombie: every child passed through Z and was reaped by its parent', () => {
    const m = replay('zombie');
    const main = m.all.find((p) => p.role === 'main')!;
    const kids = m.all.filter((p) => p.role === 'child');
    expect(kids.length).toBe(3);
    for (const k of kids) {
      expect(k.spans.map((s) => s.state)).toContain('Z');
      expect(k.reapedBy?.pid).toBe(main.pid);
      expect(k.state).toBe('exited');
      // The Z span lasts from the exit to the reap: the zombie's whole life.
      const z = k.spans.find((s) => s.state === 'Z')!;
      expect(z.to).toBe(k.reapedMs);
      // The stream says a zombie's exit status: its reaped event carries what the parent collected.
      expect(k.pyExitcode).toBe(0);
    }
  });

  it('ticket race: each buyer keeps the steps it announced; the db file versions are the run’s', () => {
    const m = replay('ticket-race-lock');
    const r = fixture('ticket-race-lock').report;
    const perBuyer = r.facts.perBuyer as Array<{
      pid: number;
      searchRead: number;
      getRead: number;
      wrote: number | null;
    }>;
    for (const b of perBuyer) {
      const steps = m.get(b.pid)!.steps;
      expect(steps.map((s) => s.label)).toEqual(['search', 'locked', 'read', b.wrote === null ? 'sold-out' : 'wrote']);
      expect(steps.map((s) => s.value)).toEqual([b.searchRead, null, b.getRead, b.wrote]);
      // In the order the buyer took them.
      expect(steps.map((s) => s.t)).toEqual([...steps.map((s) => s.t)].sort((a, b) => a - b));
    }
    expect(m.files.length).toBeGreaterThan(1);
    expect(m.files.every((f) => f.runId === r.runId)).toBe(true);
    expect(m.files[0]!.content).toBe(`{"count":${String(r.facts.tickets)}}`);
    expect(m.files.at(-1)!.content).toBe(`{"count":${String(r.facts.remaining)}}`);
    m.reset();
    expect(m.files).toEqual([]);
  });

  it('zombie, live: a zombie stays Z (not greyed) until it is reaped', () => {
    const f = fixture('zombie');
    const m = new ProcessModel();
    const parked = f.batches.findIndex((b) => b.some((e) => e.type === 'mark' && e.label === 'parent-stops-waiting'));
    for (const b of f.batches.slice(0, parked + 2)) m.apply(b);
    const zombies = m.all.filter((p) => p.state === 'Z');
    expect(zombies.length).toBeGreaterThan(0);
    for (const z of zombies) {
      expect(z.endMs).not.toBeNull();
      expect(z.goneAt).toBeNull();
      expect(m.visible).toContain(z);
    }
  });

  it('orphan: the parent is now the adopter, and the old parent is remembered', () => {
    const m = replay('orphan');
    const { orphanPid, originalPpid, adoptedByPid, adoptedByName } = fixture('orphan').report.facts;
    const orphan = m.get(orphanPid as number)!;
    expect(orphan.ppid).toBe(adoptedByPid);
    expect(formerParent(orphan)).toBe(originalPpid);
    expect(orphan.ppids).toEqual([originalPpid, adoptedByPid]);
    expect(orphan.reparentedMs).not.toBeNull();
    // The adopter is drawn under its own name, read from the OS, and is not the lab's.
    const adopter = m.get(adoptedByPid as number)!;
    expect(adopter.kind).toBe('adopter');
    expect(adopter.name).toBe(adoptedByName);
    expect(adopter.labStarted).toBe(false);
    expect(m.childrenOf(adoptedByPid as number).map((p) => p.pid)).toEqual([orphanPid]);
  });

  it('lifecycle: terminate() is a request, a delivery, an exit and a reap; exitcode -15', () => {
    const m = replay('lifecycle');
    const p1 = m.all.find((p) => p.name === 'Process-1')!;
    expect(p1.signals.map((s) => [s.kind, s.signal, s.by])).toEqual([
      ['sent', 'SIGTERM', 'main'],
      ['received', 'SIGTERM', null],
    ]);
    expect(p1.pyExitcode).toBe(-15);
    expect(p1.reapedMs!).toBeGreaterThan(p1.endMs!);
    expect(m.all.find((p) => p.name === 'rocky')!.pyExitcode).toBe(-9);
    // What the processes printed is kept with them.
    expect(p1.lines.map((l) => l.line)).toContain('进程Process-1 start');
  });

  it('keeps CPU and RSS history from usage ticks, capped', () => {
    const m = replay('join', { historyLength: 5 });
    const main = m.usageOf(m.all.find((p) => p.role === 'main')!.pid);
    expect(main.rssHistory.length).toBe(5);
    expect(main.rss).toBeGreaterThan(0);
    expect(main.rssHistory.at(-1)).toBe(main.rss);
    expect(m.usageOf(-1)).toBe(NO_USAGE);
  });

  it('zombie pile-up: 320 children, each copied once per batch, all Z at once', () => {
    const f = fixture('zombie-pile-up');
    const m = new ProcessModel();
    let most = 0;
    for (const b of f.batches) {
      const before = m.procs;
      m.apply(b);
      most = Math.max(most, m.all.filter((p) => p.state === 'Z').length);
      // Untouched processes keep their identity: a keyed each re-renders only what changed.
      const touched = new Set(b.flatMap((e) => (e.type === 'usage' ? [] : [e.pid])));
      for (const [pid, p] of before) if (!touched.has(pid)) expect(m.procs.get(pid)).toBe(p);
      // A tick of usage alone does not touch the processes at all (the tree keeps its shape).
      if (b.every((e) => e.type === 'usage')) expect(m.procs).toBe(before);
    }
    expect(m.all.length).toBe(321);
    expect(most).toBe(320);
  });

  it('loadReport shows a finished run without glow or hiding', () => {
    const m = new ProcessModel({ keepExitedMs: 0 });
    m.loadReport(fixture('daemon').report);
    expect(m.experiment).toBe('daemon');
    expect(m.all.length).toBe(3);
    expect(m.visible.length).toBe(3);
    expect(m.all.every((p) => p.seenAt === null && p.goneAt === null)).toBe(true);
    expect(m.all.find((p) => p.role === 'daemon')!.pyExitcode).toBe(-15);
    expect(m.marks.map((k) => k.label)).toContain('main-code-finished');
    expect(m.facts?.daemonPyExitcode).toBe(-15);
  });
});

describe('ProcessModel, live behaviour', () => {
  const ev = (e: Record<string, unknown>): LabEvent => ({ runId: 'r1', ...e }) as LabEvent;

  it('hides a gone process after keepExitedMs, without new events', () => {
    vi.useFakeTimers();
    let now = 1000;
    const m = new ProcessModel({ keepExitedMs: 3000, now: () => now });
    m.apply([
      ev({ type: 'spawned', pid: 10, ppid: 1, name: 'MainProcess', role: 'main', labStarted: true, t: 0 }),
      ev({ type: 'spawned', pid: 11, ppid: 10, name: 'Process-1', role: 'child', labStarted: true, t: 1 }),
    ]);
    expect(m.get(11)!.seenAt).toBe(1000);
    now = 2000;
    m.apply([
      ev({ type: 'exited', pid: 11, exitCode: 0, signal: null, pyExitcode: 0, t: 5 }),
      ev({ type: 'reaped', pid: 11, by: 10, byName: 'MainProcess', t: 5 }),
    ]);
    flushSync();
    expect(m.visible.map((p) => p.pid)).toEqual([10, 11]);
    expect(m.get(11)!.goneAt).toBe(2000);
    now = 5100;
    vi.advanceTimersByTime(3200);
    flushSync();
    expect(m.visible.map((p) => p.pid)).toEqual([10]);
    // Still known to the timeline and the details.
    expect(m.all.map((p) => p.pid)).toEqual([10, 11]);
    m.keepExitedMs = 60_000;
    expect(m.visible.map((p) => p.pid)).toEqual([10, 11]);
    m.dispose();
  });

  it('a reused pid in a new run is a new process', () => {
    const m = new ProcessModel();
    m.apply([ev({ type: 'spawned', pid: 10, ppid: 1, name: 'MainProcess', role: 'main', labStarted: true, t: 0 })]);
    m.apply([
      {
        ...ev({ type: 'spawned', pid: 10, ppid: 1, name: 'other', role: 'main', labStarted: true, t: 0 }),
        runId: 'r2',
      },
    ]);
    expect(m.get(10)!.name).toBe('other');
    expect(m.currentRunId).toBe('r2');
  });

  it('takes the new name the OS gives a process (renamed), in the same copy-per-batch way', () => {
    const m = new ProcessModel();
    m.apply([
      ev({ type: 'spawned', pid: 20, ppid: 1, name: 'sh', role: 'observed', labStarted: true, t: 0 }),
      ev({ type: 'spawned', pid: 21, ppid: 20, name: 'sh', role: 'grandchild', labStarted: false, t: 1 }),
    ]);
    const before = m.get(21);
    m.apply([ev({ type: 'renamed', pid: 21, name: 'sleep', t: 300 })]);
    expect(m.get(21)!.name).toBe('sleep');
    expect(m.get(20)!.name).toBe('sh');
    // A new object for the renamed process: the tree redraws it.
    expect(m.get(21)).not.toBe(before);
  });

  it('keeps the Electron processes apart, with their usage history', () => {
    const m = new ProcessModel();
    const rec = (cpu: number) => electronRecord(5, 1, 'Browser', { cpu, rss: 100 });
    m.setElectronProcesses([rec(1)]);
    m.setElectronProcesses([rec(2)]);
    expect(m.usageOf(5).cpuHistory).toEqual([1, 2]);
    m.reset();
    expect(m.usageOf(5).cpu).toBe(2);
    expect(m.electron[0]!.kind).toBe('electron');
    expect(m.all).toEqual([]);
    expect(m.get(5)!.name).toBe('Browser');
  });

  it('keeps the last samples of usage; an older value stays as it was', () => {
    const m = new ProcessModel({ historyLength: 5 });
    m.apply([ev({ type: 'spawned', pid: 10, ppid: 1, name: 'm', role: 'main', labStarted: true, t: 0 })]);
    m.apply([ev({ type: 'spawned', pid: 11, ppid: 10, name: 'c', role: 'child', labStarted: true, t: 0 })]);
    const tick = (i: number): LabEvent =>
      ev({
        type: 'usage',
        pid: 10,
        t: i,
        samples: [
          { pid: 10, cpu: i, rss: 100 * i },
          { pid: 11, cpu: -i, rss: 1 },
        ],
      });
    let third = m.usageOf(10);
    for (let i = 1; i <= 12; i++) {
      m.apply([tick(i)]);
      if (i === 3) third = m.usageOf(10);
    }
    expect(m.usageOf(10).cpuHistory).toEqual([8, 9, 10, 11, 12]);
    expect(m.usageOf(10).rssHistory).toEqual([800, 900, 1000, 1100, 1200]);
    expect(m.usageOf(11).cpuHistory).toEqual([-8, -9, -10, -11, -12]);
    expect(third.cpuHistory).toEqual([1, 2, 3]);
    expect(third.cpu).toBe(3);
  });

  it('caps the printed lines and counts what it dropped', () => {
    const m = new ProcessModel({ linesKept: 2 });
    m.apply([ev({ type: 'spawned', pid: 10, ppid: 1, name: 'm', role: 'main', labStarted: true, t: 0 })]);
    m.apply([1, 2, 3].map((i) => ev({ type: 'log', pid: 10, stream: 'stdout', line: `l${i}`, t: i })));
    expect(m.get(10)!.lines.map((l) => l.line)).toEqual(['l2', 'l3']);
    expect(m.get(10)!.linesDropped).toBe(1);
  });
});
