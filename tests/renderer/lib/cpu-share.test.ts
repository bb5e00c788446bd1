/**
 * The lanes' CPU shading, from real saved reports (recorded with the CLI:
 * `node out/main/cli.js run parallel --tasks 3 --hz 10 [--one-core] --json`, `run zombie --hz 10
 * --time-scale 0.5 --json`, `run isolation --hz 10 --json`). What is asserted holds on any
 * machine, however loaded: the shading agrees with what the tasks measured of themselves, one
 * core never gives more than one core's worth, three equal tasks share alike, and a zombie is
 * never shaded. The figures themselves (~67 % each on two idle cores, ~33 % on one) depend on
 * the machine's load when recorded, and are not hard-coded.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ParallelFacts } from '../../../contract/experiments';
import type { RunReport } from '../../../contract/report';
import { parseReport } from '../../../contract/report-schema';
import Timeline from '../../../renderer/src/components/Timeline.svelte';
import { cpuShareFromEvents, meanShare, type CpuSpan } from '../../../renderer/src/lib/cpu-share';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { Replay } from '../../../renderer/src/lib/replay.svelte';
import parallelJson from '../fixtures/reports/parallel.json?raw';
import oneCoreJson from '../fixtures/reports/parallel-one-core.json?raw';
import zombieJson from '../fixtures/reports/zombie.json?raw';

/** A saved report as "Open run…" reads it (the schema keeps the usage ticks). */
function opened(text: string): RunReport {
  const r = parseReport(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.report;
}

const markT = (r: RunReport, label: string): number => {
  const m = r.events.find((e) => e.type === 'mark' && e.label === label);
  if (!m) throw new Error(`no mark ${label}`);
  return m.t;
};

/**
 * The most CPU the shading shows the run's processes using together in one window, in % of one
 * core: spans closing at the same tick are one window of the run (cpu-share.ts), so what they
 * used together, over the time they cover, can be no more than the cores gave.
 */
function peakWindowShare(spans: ReadonlyMap<number, readonly CpuSpan[]>): number {
  const byEnd = new Map<number, CpuSpan[]>();
  for (const s of [...spans.values()].flat()) byEnd.set(s.to, [...(byEnd.get(s.to) ?? []), s]);
  let peak = 0;
  for (const [to, group] of byEnd) {
    const from = Math.min(...group.map((s) => s.from));
    peak = Math.max(peak, group.reduce((n, s) => n + s.pct * (s.to - s.from), 0) / (to - from));
  }
  return peak;
}

/** One 10 ms clock tick of rounding per process, over windows of 100–300 ms. */
const TOLERANCE = 15;

describe.each([
  ['two cores', parallelJson, 2],
  ['one core', oneCoreJson, 1],
])('CPU shading of a saved parallel run (%s)', (_, text, cores) => {
  const report = opened(text);
  const f = report.facts as unknown as ParallelFacts;
  const spans = cpuShareFromEvents(report.events);

  it('the report kept its usage ticks, with CPU times (what the shading is drawn from)', () => {
    const usage = report.events.filter((e) => e.type === 'usage');
    expect(usage.length).toBeGreaterThan(10);
    expect(usage.some((e) => e.samples.some((s) => typeof s.cpuMs === 'number'))).toBe(true);
    expect(f.oneCore === null).toBe(cores === 2);
  });

  it('each task’s shading adds up to the CPU time it measured of itself', () => {
    for (const t of f.perTask) {
      const used = (spans.get(t.pid!) ?? []).reduce((n, s) => n + (s.pct * (s.to - s.from)) / 100, 0);
      // Its burn's CPU time, plus Node's own start-up before it (a few hundred ms at most);
      // less only by what ran before its first sample or after its last.
      expect(used, t.name).toBeGreaterThan(t.cpuMs! * 0.8);
      expect(used, t.name).toBeLessThan(t.cpuMs! + 400);
    }
  });

  it('never more than the cores give at once; three equal tasks get equal shares', () => {
    expect(peakWindowShare(spans)).toBeLessThanOrEqual(cores * 100 + TOLERANCE);
    const from = markT(report, 'parallel-start');
    const to = markT(report, 'parallel-end');
    const par = f.perTask.filter((t) => t.phase === 'parallel');
    const means = par.map((t) => meanShare(spans.get(t.pid!) ?? [], from, to)!);
    const total = means.reduce((a, b) => a + b, 0);
    // The phase's own exact figure (its tasks' CPU time over its wall time), within tolerance.
    expect(total).toBeGreaterThan(f.parallelAvgCpuPercent * 0.8);
    expect(total).toBeLessThan(f.parallelAvgCpuPercent * 1.2 + TOLERANCE);
    for (const m of means) expect(m / total).toBeCloseTo(1 / 3, 1);
  });

  it('the timeline of the opened run shades each task’s lane with those very shares', () => {
    const model = new ProcessModel({ keepExitedMs: Infinity });
    model.loadReport(report);
    render(Timeline, { model });
    for (const t of f.perTask) {
      const g = screen.getAllByTestId('cpu-shade').find((e) => e.dataset.pid === String(t.pid));
      expect(g, t.name).toBeDefined();
      const drawn = [...g!.querySelectorAll<SVGRectElement>('[data-testid="cpu-span"]')].map((r) => r.dataset.pct);
      expect(drawn).toEqual((spans.get(t.pid!) ?? []).map((s) => (Math.round(s.pct * 10) / 10).toFixed(1)));
    }
  });
});

describe('a replay of a saved run', () => {
  it('shows the CPU each process was measured at, at the playhead (the report kept its ticks)', () => {
    const report = opened(oneCoreJson);
    const f = report.facts as unknown as ParallelFacts;
    const task = f.perTask.find((t) => t.phase === 'parallel')!;
    const life = report.processes.find((p) => p.pid === task.pid)!;
    const at = (life.startMs + life.endMs!) / 2;
    const replay = new Replay(report, at);
    const last = report.events
      .filter((e) => e.type === 'usage' && e.t <= at)
      .flatMap((e) => (e.type === 'usage' ? e.samples.filter((s) => s.pid === task.pid) : []))
      .at(-1)!;
    expect(replay.model.usageOf(task.pid!).cpu).toBe(last.cpu);
    // Steps still land on what happened, not on every tick.
    expect(replay.events.some((e) => e.type === 'usage')).toBe(false);
    replay.dispose();
  });
});

describe('CPU shading of a zombie', () => {
  it('nothing while it is a zombie (cpu null): never an invented share', () => {
    const report = opened(zombieJson);
    const spans = cpuShareFromEvents(report.events);
    const kids = report.processes.filter((p) => p.states.includes('Z'));
    expect(kids.length).toBeGreaterThan(0);
    for (const k of kids) {
      const firstZ = report.events.find(
        (e) => e.type === 'usage' && e.samples.some((s) => s.pid === k.pid && s.cpu === null),
      )!.t;
      for (const s of spans.get(k.pid) ?? []) expect(s.to).toBeLessThanOrEqual(firstZ);
    }
  });
});
