/** The Perfetto / Chrome trace of recorded real runs: its structure, as the trace-event format wants it. */
import { describe, expect, it } from 'vitest';
import { chromeTrace, type TraceEvent } from '../../../renderer/src/lib/trace-export';
import { fixture } from '../fixtures';

const words = {
  state: (s: string) => ({ R: 'running', S: 'sleeping', Z: 'zombie' })[s] ?? s,
  mark: (l: string) => `mark ${l}`,
  marker: (k: string) => k,
};

describe('chromeTrace', () => {
  it('zombie: one named track per process, its states as spans that never overlap, markers as instants', () => {
    const { report } = fixture('zombie');
    const trace = chromeTrace(report, words);
    expect(trace.displayTimeUnit).toBe('ms');
    // Serializes as the JSON Perfetto reads.
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
    const ev = trace.traceEvents;
    for (const e of ev) {
      expect(['M', 'X', 'i']).toContain(e.ph);
      expect(Number.isInteger(e.pid)).toBe(true);
      if (e.ph !== 'M') expect(Number.isInteger(e.ts) && e.ts! >= 0).toBe(true);
    }
    const names = ev.filter((e) => e.name === 'process_name');
    expect(names.map((e) => e.pid)).toEqual(report.processes.map((p) => p.pid));
    expect(names.map((e) => e.args?.name)).toContain(`MainProcess · ${report.processes[0]!.pid}`);
    for (const p of report.processes) {
      const spans = ev.filter((e): e is TraceEvent & { ts: number; dur: number } => e.ph === 'X' && e.pid === p.pid);
      expect(spans.length).toBeGreaterThan(0);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]!.ts).toBeGreaterThanOrEqual(spans[i - 1]!.ts + spans[i - 1]!.dur);
      if (p.role === 'child') {
        const z = spans.find((s) => s.args?.state === 'Z');
        expect(z?.name).toBe('Z zombie');
        expect(z!.dur).toBeGreaterThan(0);
        expect(
          ev.some(
            (e) => e.ph === 'i' && e.pid === p.pid && e.name === 'reap' && e.args?.by === report.processes[0]!.pid,
          ),
        ).toBe(true);
      }
    }
    const marks = ev.filter((e) => e.cat === 'mark');
    expect(marks.map((m) => m.name)).toContain('mark parent-stops-waiting');
    expect(marks.every((m) => m.s === 'g')).toBe(true);
    expect(trace.metadata).toMatchObject({ 'process-lab': { experiment: 'zombie' }, platform: { os: 'linux' } });
  });

  it('lifecycle: the terminate signal, asked and delivered, on the child’s track', () => {
    const { report } = fixture('lifecycle');
    const ev = chromeTrace(report, words).traceEvents;
    const child = report.processes.find((p) => p.name === 'Process-1')!;
    const own = ev.filter((e) => e.pid === child.pid && e.ph === 'i').map((e) => e.name);
    expect(own).toEqual(expect.arrayContaining(['start', 'signal-sent SIGTERM', 'signal-received SIGTERM', 'exit']));
  });
});
