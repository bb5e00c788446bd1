/**
 * The report's processes come from the run's events (folded with contract/fold.ts), not from its
 * live records: on a real run both must tell the same story, main's names and roles included;
 * and when main's word about a process comes after the sampler found it, an event says so.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent, LabEventDraft } from '../../../../../contract/events';
import { reportProcesses } from '../../../../../contract/fold';
import { parseReport } from '../../../../../contract/report-schema';
import { RunRecords } from '../../../../../main/lab/host/run/records';
import { labSupervisor } from '../../../../helpers/lab';

describe('runReport', () => {
  it('folds the events into the same processes the run recorded', async () => {
    const sup = labSupervisor();
    // A fast sampler: many ticks while main starts its children and announces them.
    const run = sup.start('daemon', { timeScale: 0.2, hz: 50 });
    const report = await run.done;
    expect(report.error).toBeNull();
    const records = run
      .records()
      .sort((a, b) => a.startMs - b.startMs)
      .map((r) => ({
        pid: r.pid,
        ppid: r.ppid,
        ppids: r.ppids,
        name: r.name,
        role: r.role,
        startMs: Math.round(r.startMs),
        endMs: r.endMs === null ? null : Math.round(r.endMs),
        reapedMs: r.reapedMs === null || r.reapedMs === undefined ? null : Math.round(r.reapedMs),
        ...(r.firstParentUnknown ? { firstParentUnknown: true } : {}),
        ...(r.state === 'Z' ? { cpu: null } : {}),
        exitCode: r.exitCode,
        signal: r.signal,
        pyExitcode: r.pyExitcode,
        states: r.states,
      }));
    expect(report.processes).toEqual(records);
    // What the engine writes today is what "Open run…" accepts (the schema keeps up with the types).
    expect(parseReport(JSON.stringify(report))).toMatchObject({ ok: true });
    expect(report.processes.map((p) => [p.name, p.role])).toEqual(
      expect.arrayContaining([
        ['daemon', 'daemon'],
        ['normal', 'child'],
      ]),
    );
  });
});

describe('RunRecords.announce', () => {
  it('main naming a process the sampler found first is an event, so the fold names it too', () => {
    const events: LabEvent[] = [];
    const records = new RunRecords('r1', 10, true, (e: LabEventDraft) =>
      events.push({ ...e, runId: 'r1' } as LabEvent),
    );
    records.add(10, 1, 'MainProcess', 'main', 0);
    // Found by the sampler under a process main had not announced yet: a grandchild, for now.
    records.apply({ pid: 30, ppid: 20, state: 'S', cpu: 0, rss: 0, startTime: 0 }, 50);
    expect(records.get(30)?.role).toBe('grandchild');
    records.announce(30, 20, 'worker', 'child', 60);
    records.announce(30, 20, 'worker', 'child', 61);
    expect(events.filter((e) => e.type === 'identified')).toEqual([
      { type: 'identified', pid: 30, name: 'worker', role: 'child', t: 60, runId: 'r1' },
    ]);
    expect(reportProcesses(events).find((p) => p.pid === 30)).toMatchObject({ name: 'worker', role: 'child' });
  });
});
