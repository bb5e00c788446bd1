/**
 * The usage ticks a report keeps (its size bound), on a real run and on a long synthetic one:
 * a real run's report carries its usage ticks with CPU times (before: none at all), at most ten
 * a second; a run of hundreds of processes for minutes stays within the sample budget and still
 * covers the whole run, first tick kept.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../../contract/events';
import { REPORT_USAGE_GAP_MS, REPORT_USAGE_MAX_SAMPLES, UsageLog } from '../../../../../main/lab/host/run/usage-log';
import { labSupervisor } from '../../../../helpers/lab';

type Usage = Extract<LabEvent, { type: 'usage' }>;

describe('UsageLog', () => {
  it('a real run’s report keeps its usage ticks, thinned, beside all its own events', { timeout: 30_000 }, async () => {
    const sup = labSupervisor();
    const run = sup.start('parallel', { tasks: 2, workMs: 200, hz: 50 });
    const report = await run.done;
    expect(report.error).toBeNull();
    const usage = report.events.filter((e): e is Usage => e.type === 'usage');
    expect(usage.length).toBeGreaterThan(5);
    for (let i = 1; i < usage.length; i++)
      expect(usage[i]!.t - usage[i - 1]!.t).toBeGreaterThanOrEqual(REPORT_USAGE_GAP_MS);
    expect(usage.some((e) => e.samples.some((s) => typeof s.cpuMs === 'number'))).toBe(true);
    // The run's own events are all there, in their order, the ticks merged in between.
    expect(report.events.filter((e) => e.type !== 'usage')).toEqual(run.events());
  });

  it('hundreds of processes for minutes: within the budget, the whole run covered', () => {
    const log = new UsageLog();
    const samples = Array.from({ length: 300 }, (_, i) => ({ pid: 1000 + i, cpu: null, rss: 1 }));
    for (let t = 0; t <= 300_000; t += 25) log.add({ type: 'usage', runId: 'r', pid: 1, t, samples } as Usage);
    expect(log.samples).toBeLessThanOrEqual(REPORT_USAGE_MAX_SAMPLES);
    const kept = log.mergedInto([]).filter((e) => e.type === 'usage');
    expect(kept[0]!.t).toBe(0);
    expect(kept.at(-1)!.t).toBeGreaterThan(270_000);
    expect(kept.length).toBeGreaterThan(REPORT_USAGE_MAX_SAMPLES / 300 / 2);
  });
});
