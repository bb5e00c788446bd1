/**
 * A run as a Chrome / Perfetto trace (the JSON trace-event format, which ui.perfetto.dev and
 * chrome://tracing open): one track per process (its name and pid), its states as spans, and
 * its start, signals, exit and reap, and the run's marks, as instant events. Times are the
 * run's own (µs from its start). Built from the report alone, by the contract's fold.
 */
import { foldEvents } from '../../../contract/fold';
import type { RunReport } from '../../../contract/report';

/** One trace event (the subset of the format this export writes). */
export interface TraceEvent {
  name: string;
  ph: 'M' | 'X' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  /** An instant's scope: the thread (its process's track) or global (the whole run). */
  s?: 't' | 'g';
  cat?: string;
  args?: Record<string, unknown>;
}

/** The words the trace is written in (the view's language). */
export interface TraceWords {
  state(letter: string): string;
  mark(label: string): string;
  /** `exit`, `reap`, `start`, `signal-sent`, `signal-received`, `adopted`. */
  marker(kind: string): string;
}

const us = (ms: number): number => Math.round(ms * 1000);

/** The trace of one report: `{ traceEvents, displayTimeUnit, metadata }`. */
export function chromeTrace(
  report: RunReport,
  words: TraceWords,
): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms'; metadata: Record<string, unknown> } {
  const folded = foldEvents(report.events);
  const out: TraceEvent[] = [];
  const main = report.processes.find((p) => p.role === 'main' || p.role === 'observed')?.pid ?? 0;
  report.processes.forEach((p, i) => {
    const f = folded.get(p.pid);
    const track = { pid: p.pid, tid: p.pid };
    out.push(
      { name: 'process_name', ph: 'M', ...track, args: { name: `${p.name} · ${p.pid}` } },
      { name: 'process_sort_index', ph: 'M', ...track, args: { sort_index: i } },
      { name: 'thread_name', ph: 'M', ...track, args: { name: p.role } },
    );
    const instant = (name: string, t: number | null, args?: Record<string, unknown>): void => {
      if (t !== null)
        out.push({ name, ph: 'i', s: 't', cat: 'marker', ts: us(t), ...track, ...(args ? { args } : {}) });
    };
    instant(words.marker('start'), p.startMs, { ppid: p.ppids[0] ?? p.ppid });
    if (!f) return;
    for (const s of f.spans) {
      const to = s.to ?? f.goneMs ?? report.wallMs;
      out.push({
        name: `${s.state} ${words.state(s.state)}`,
        ph: 'X',
        cat: 'state',
        ts: us(s.from),
        dur: Math.max(0, us(to) - us(s.from)),
        ...track,
        args: { state: s.state },
      });
    }
    for (const sg of f.signals)
      instant(`${words.marker(sg.kind === 'sent' ? 'signal-sent' : 'signal-received')} ${sg.signal}`, sg.t, {
        signal: sg.signal,
        by: sg.by,
      });
    if (f.reparentedMs !== null) instant(words.marker('adopted'), f.reparentedMs, { ppids: f.ppids });
    instant(words.marker('exit'), f.endMs, { exitcode: f.pyExitcode });
    if (f.reapedBy) instant(words.marker('reap'), f.reapedMs, { by: f.reapedBy.pid, byName: f.reapedBy.name });
  });
  for (const e of report.events)
    if (e.type === 'mark')
      out.push({
        name: words.mark(e.label),
        ph: 'i',
        s: 'g',
        cat: 'mark',
        ts: us(e.t),
        pid: main,
        tid: main,
        ...(e.detail === undefined ? {} : { args: { detail: e.detail } }),
      });
  return {
    traceEvents: out,
    displayTimeUnit: 'ms',
    metadata: {
      'process-lab': { experiment: report.experiment, runId: report.runId, options: report.options },
      platform: report.platform,
      startedAt: report.startedAt,
      wallMs: report.wallMs,
    },
  };
}
