/**
 * Predict, then observe: the OS's answer is read from a recorded real run's facts, and a
 * report that does not tell gives no answer rather than a made-up one.
 */
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../contract/report';
import { questionFor } from '../../../renderer/src/lib/predictions';
import { fixture } from '../fixtures';
import oneCoreJson from '../fixtures/reports/parallel-one-core.json?raw';

const observe = (name: string) => {
  const { report } = fixture(name);
  return questionFor(report.experiment)!.observe(report);
};

describe('the OS answers the lecture’s questions from measured facts', () => {
  it('parallel pinned to one core: the answer counts the one core the run had', () => {
    const report = JSON.parse(oneCoreJson) as RunReport;
    const o = questionFor('parallel')!.observe(report);
    expect(o).toMatchObject({ value: 'same', detail: 'predict.parallel.detailOneCore', values: { cores: 1 } });
  });
  it('zombie: the children were seen in state Z', () => {
    expect(observe('zombie')).toMatchObject({ value: 'Z', values: { seen: 3 } });
  });
  it('orphan: adopted by pid 1, named as the OS names it', () => {
    const f = fixture('orphan').report.facts;
    expect(observe('orphan')).toMatchObject({ value: 'init', values: { pid: 1, name: f.adoptedByName } });
  });
  it('lifecycle: still alive right after terminate(); exitcode -15', () => {
    expect(observe('lifecycle')).toMatchObject({ value: 'true', values: { exitcode: -15, after: 'False' } });
  });
  it('daemon: it ended with main’s code, not with the normal child nor after its own time', () => {
    expect(observe('daemon')?.value).toBe('main-code');
  });
  it('join: the fastest of the three measured totals', () => {
    const f = fixture('join').report.facts;
    const fastest = [
      ['serial', f.serialInProcessMs],
      ['startAllJoinAll', f.startAllJoinAllMs],
      ['startJoinEach', f.startJoinEachMs],
    ].sort((a, b) => (a[1] as number) - (b[1] as number))[0]![0];
    expect(observe('join')?.value).toBe(fastest);
  });
  it('ticket race: how many buyers were told 抢票成功', () => {
    expect(observe('ticket-race-unsafe')?.value).toBe(String(fixture('ticket-race-unsafe').report.facts.sold));
    expect(observe('ticket-race-schedule')).toMatchObject({ value: '2', values: { oversold: 1 } });
  });
  it('parallel: the measured speedup, matched to the nearest prediction', () => {
    const f = fixture('parallel').report.facts;
    const o = observe('parallel')!;
    expect(o.values).toMatchObject({ speedup: f.speedup, tasks: f.tasks, cores: f.cores });
    // Recorded on 2 cores with 3 tasks: about twice as fast, not three times.
    expect([f.cores, f.tasks]).toEqual([2, 3]);
    expect(o.value).toBe('cores');
    // The same rule on other measurements (a report edited only in the facts it reads).
    const q = questionFor('parallel')!;
    const withFacts = (facts: Record<string, number>) =>
      q.observe({ ...fixture('parallel').report, facts: { ...f, ...facts } })?.value;
    expect(withFacts({ speedup: 1.05 })).toBe('same');
    expect(withFacts({ speedup: 2.9 })).toBe('tasks');
    // With no more tasks than cores, "cores" and "tasks" are one prediction: the tasks.
    expect(withFacts({ cores: 8, tasks: 3, speedup: 2.8 })).toBe('tasks');
  });
  it('a report without the fact gives no answer', () => {
    const report = { ...fixture('zombie').report, facts: {} } as RunReport;
    expect(questionFor('zombie')!.observe(report)).toBeNull();
    expect(questionFor('no-such-experiment')).toBeUndefined();
  });
});
