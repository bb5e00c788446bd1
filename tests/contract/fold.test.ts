/** The one fold of the lab's events (contract/fold.ts), on a recorded real run and by hand. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../contract/events';
import { foldEvents } from '../../contract/fold';
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
