/** The one fold of the lab's events (contract/fold.ts), on a recorded real run and by hand. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../contract/events';
import { foldEvents, reportProcesses } from '../../contract/fold';
import type { RunReport } from '../../contract/report';

const zombie = JSON.parse(readFileSync(resolve(import.meta.dirname, '../renderer/fixtures/zombie.json'), 'utf8')) as {
  report: RunReport;
};

describe('foldEvents', () => {
  it('a recorded run folds to what its report says of each process', () => {
    const { report } = zombie;
    const folded = foldEvents(report.events);
    expect(folded.size).toBe(report.processes.length);
    for (const rp of report.processes) {
      const p = folded.get(rp.pid)!;
      expect(p.name, String(rp.pid)).toBe(rp.name);
      expect(p.ppids).toEqual(rp.ppids);
      expect(p.pyExitcode, `${rp.name} pyExitcode`).toBe(rp.pyExitcode);
      expect(p.exitCode).toBe(rp.exitCode);
      expect(p.endMs === null ? null : Math.round(p.endMs)).toBe(rp.endMs);
      expect(p.spans.map((s) => s.state)).toEqual(expect.arrayContaining(rp.states));
    }
  });

  it('a live zombie: exited without a status, then reaped with the one its parent collected', () => {
    const base = { runId: 'r1' } as const;
    const events: LabEvent[] = [
      { ...base, type: 'spawned', pid: 20, ppid: 10, name: 'kid', role: 'child', labStarted: true, t: 0 },
      { ...base, type: 'state-changed', pid: 20, from: null, to: 'S', t: 5 },
      { ...base, type: 'state-changed', pid: 20, from: 'S', to: 'Z', t: 50 },
      { ...base, type: 'exited', pid: 20, exitCode: null, signal: null, pyExitcode: null, t: 50 },
    ];
    const zombieNow = foldEvents(events).get(20)!;
    expect(zombieNow).toMatchObject({ state: 'Z', endMs: 50, goneMs: null, pyExitcode: null });
    events.push({
      ...base,
      type: 'reaped',
      pid: 20,
      by: 10,
      byName: 'MainProcess',
      exitCode: null,
      signal: 'SIGTERM',
      pyExitcode: -15,
      t: 80,
    });
    const reaped = foldEvents(events).get(20)!;
    expect(reaped).toMatchObject({ state: 'exited', endMs: 50, goneMs: 80, reapedMs: 80, pyExitcode: -15 });
    expect(reaped.signal).toBe('SIGTERM');
    expect(reaped.spans).toEqual([
      { state: 'S', from: 5, to: 50 },
      { state: 'Z', from: 50, to: 80 },
    ]);
  });
});

describe('reportProcesses', () => {
  const base = { runId: 'r1' } as const;

  it('rebuilds a report’s processes from the events alone, main’s word for a child found first included', () => {
    const events: LabEvent[] = [
      { ...base, type: 'spawned', pid: 10, ppid: 1, name: 'MainProcess', role: 'main', labStarted: true, t: 0 },
      { ...base, type: 'state-changed', pid: 10, from: null, to: 'S', t: 3.4 },
      // The sampler found the child before main's word about it arrived: named by the OS first.
      { ...base, type: 'spawned', pid: 20, ppid: 10, name: 'node', role: 'child', labStarted: true, t: 40.6 },
      { ...base, type: 'state-changed', pid: 20, from: null, to: 'R', t: 40.6 },
      { ...base, type: 'identified', pid: 20, name: 'rocky', role: 'daemon', t: 41 },
      { ...base, type: 'state-changed', pid: 20, from: 'R', to: 'S', t: 60 },
      { ...base, type: 'state-changed', pid: 20, from: 'S', to: 'R', t: 70 },
      { ...base, type: 'reparented', pid: 20, from: 10, to: 1, toName: 'init', t: 80 },
      { ...base, type: 'exited', pid: 20, exitCode: null, signal: 'SIGKILL', pyExitcode: -9, t: 90.5 },
      { ...base, type: 'exited', pid: 10, exitCode: 0, signal: null, pyExitcode: 0, t: 75 },
    ];
    expect(reportProcesses(events)).toEqual([
      {
        pid: 10,
        ppid: 1,
        ppids: [1],
        name: 'MainProcess',
        role: 'main',
        startMs: 0,
        endMs: 75,
        reapedMs: null,
        exitCode: 0,
        signal: null,
        pyExitcode: 0,
        states: ['S'],
      },
      {
        pid: 20,
        ppid: 10,
        ppids: [10, 1],
        name: 'rocky',
        role: 'daemon',
        startMs: 41,
        endMs: 91,
        reapedMs: null,
        exitCode: null,
        signal: 'SIGKILL',
        pyExitcode: -9,
        states: ['R', 'S'],
      },
    ]);
  });

  it('a recorded run’s report says what its own events fold to', () => {
    const { report } = zombie;
    const folded = reportProcesses(report.events);
    // The fixture was recorded before reports carried `reapedMs`: compare the rest, and check
    // each reap time against the run's own `reaped` events.
    expect(folded.map(({ reapedMs: _r, ...p }) => p)).toEqual(report.processes);
    for (const p of folded) {
      const reaped = report.events.find((e) => e.type === 'reaped' && e.pid === p.pid);
      expect(p.reapedMs).toBe(reaped ? Math.round(reaped.t) : null);
    }
  });
});
