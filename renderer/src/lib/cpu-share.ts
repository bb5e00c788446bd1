/**
 * Each process's measured CPU share over time, from the run's `usage` events: what the timeline
 * shades its lanes with (three CPU-bound tasks on two cores: ~67 % each, on one core ~33 %).
 *
 * Where a sample carries the process's cumulative CPU time (`cpuMs`), a span's share is exact:
 * the CPU time used between two samples at least {@link CPU_WINDOW_MS} apart, over the wall time
 * between them. Linux counts CPU time in 10 ms clock ticks, so a difference may be off by one:
 * ±3 % over 300 ms, where one 100 ms tick would give ±10 %. The windows are the run's, not each
 * process's: every process's span closes at the same tick (a tick samples them all at once), so
 * the shares drawn one above the other at any instant are averages over the same span of time
 * and add up to what the cores gave then. A process met in the middle of a window joins at the
 * next close (or the one after, if that leaves it under {@link MIN_SPAN_MS}). A sample without it (a report saved
 * before it was sent) gives the sampler's moving average from the previous sample to this one.
 * A zombie's sample (`cpu: null`) gives nothing: it runs nothing, and no share is invented.
 */
import type { LabEvent } from '../../../contract/events';

type UsageEvent = Extract<LabEvent, { type: 'usage' }>;

/** Shortest span an exact share is taken over, ms (see the module comment). */
export const CPU_WINDOW_MS = 300;
/** The shortest span drawn (a process's first and last span may be shorter than a window), ms. */
const MIN_SPAN_MS = 100;

/** One span of a process's life and the CPU it used then, in % of one core. */
export interface CpuSpan {
  from: number;
  to: number;
  /** CPU % of one core (100: one core busy the whole span; may exceed 100 with threads). */
  pct: number;
  /** True when taken from CPU times (exact), false from the sampler's moving average. */
  exact: boolean;
}

interface Anchor {
  t: number;
  cpuMs: number;
}

/** Follows a run's usage ticks and builds {@link CpuSpan}s per pid; fed event by event. */
export class CpuShareTracker {
  #spans = new Map<number, readonly CpuSpan[]>();
  #anchor = new Map<number, Anchor>();
  /** Each pid's latest sample since its anchor (closes its last span when it exits). */
  #last = new Map<number, Anchor>();
  /** Each pid's previous sample time (for samples with no CPU time). */
  #prevT = new Map<number, number>();
  /** The tick the run's current window began at (null: no tick with CPU times yet). */
  #windowT: number | null = null;

  /** The spans so far, by pid. A pid's array is replaced (never mutated) when it grows. */
  get spans(): ReadonlyMap<number, readonly CpuSpan[]> {
    return this.#spans;
  }

  /** Reads one event; returns whether any pid's spans changed. */
  add(e: LabEvent): boolean {
    if (e.type === 'usage') return this.#usage(e);
    if (e.type === 'exited' || e.type === 'vanished') return this.#close(e.pid);
    return false;
  }

  #push(pid: number, span: CpuSpan): void {
    this.#spans.set(pid, [...(this.#spans.get(pid) ?? []), span]);
  }

  #usage(e: UsageEvent): boolean {
    let changed = false;
    // The run's window closes at this tick for every process at once.
    const closing = this.#windowT !== null && e.t - this.#windowT >= CPU_WINDOW_MS;
    if (this.#windowT === null || closing) this.#windowT = e.t;
    for (const s of e.samples) {
      if (s.cpu === null) {
        // A zombie: nothing runs, nothing to measure; its share ends here.
        this.#anchor.delete(s.pid);
        this.#last.delete(s.pid);
        this.#prevT.delete(s.pid);
        continue;
      }
      const prevT = this.#prevT.get(s.pid);
      this.#prevT.set(s.pid, e.t);
      if (s.cpuMs === undefined) {
        if (prevT !== undefined && e.t > prevT) {
          this.#push(s.pid, { from: prevT, to: e.t, pct: s.cpu, exact: false });
          changed = true;
        }
        continue;
      }
      const a = this.#anchor.get(s.pid);
      // First sample, or a lower count (another process now has this pid): start over.
      if (!a || s.cpuMs < a.cpuMs) {
        this.#anchor.set(s.pid, { t: e.t, cpuMs: s.cpuMs });
        this.#last.delete(s.pid);
        continue;
      }
      if (closing && e.t - a.t >= MIN_SPAN_MS) {
        this.#push(s.pid, { from: a.t, to: e.t, pct: (100 * (s.cpuMs - a.cpuMs)) / (e.t - a.t), exact: true });
        this.#anchor.set(s.pid, { t: e.t, cpuMs: s.cpuMs });
        this.#last.delete(s.pid);
        changed = true;
      } else this.#last.set(s.pid, { t: e.t, cpuMs: s.cpuMs });
    }
    return changed;
  }

  /** The process ended: its last samples since the last full window make a shorter span. */
  #close(pid: number): boolean {
    const a = this.#anchor.get(pid);
    const l = this.#last.get(pid);
    this.#anchor.delete(pid);
    this.#last.delete(pid);
    this.#prevT.delete(pid);
    if (!a || !l || l.t - a.t < MIN_SPAN_MS) return false;
    this.#push(pid, { from: a.t, to: l.t, pct: (100 * (l.cpuMs - a.cpuMs)) / (l.t - a.t), exact: true });
    return true;
  }
}

/** Every process's spans from a whole run's events (a saved report, a test). */
export function cpuShareFromEvents(events: readonly LabEvent[]): ReadonlyMap<number, readonly CpuSpan[]> {
  const tracker = new CpuShareTracker();
  for (const e of events) tracker.add(e);
  return tracker.spans;
}

/** The time-weighted mean share of `spans` (optionally within [from, to]), or null if none. */
export function meanShare(spans: readonly CpuSpan[], from = -Infinity, to = Infinity): number | null {
  let used = 0;
  let wall = 0;
  for (const s of spans) {
    const a = Math.max(s.from, from);
    const b = Math.min(s.to, to);
    if (b <= a) continue;
    used += s.pct * (b - a);
    wall += b - a;
  }
  return wall > 0 ? used / wall : null;
}
