/**
 * The usage ticks a run's report keeps, so that a saved run can show each process's measured
 * CPU share over time (the timeline's shading) when it is opened again. Live, the view gets
 * every tick (up to 50 Hz); the report keeps at most one per {@link REPORT_USAGE_GAP_MS} and
 * at most {@link REPORT_USAGE_MAX_SAMPLES} samples in all, so a 300-zombie pile-up cannot make
 * a report of tens of megabytes. Past the budget every other kept tick is dropped and the gap
 * doubles: the whole run stays covered, at a coarser step. Dropping ticks loses no CPU time:
 * each sample's `cpuMs` is cumulative, so the difference between any two kept ticks is still
 * the exact CPU used in between.
 */
import type { LabEvent } from '../../../../contract/events';
import type { ProcSample } from '../../../../contract/process';

type UsageEvent = Extract<LabEvent, { type: 'usage' }>;

/**
 * One tick's samples as a usage event carries them. A zombie (or a dead, X, process) runs
 * nothing: no CPU % (it would be the smoothed average decaying after its death) and no CPU time.
 * Others carry their cumulative CPU time too: the view's shading takes exact rates from it.
 */
export function usageSamples(samples: readonly ProcSample[]): UsageEvent['samples'] {
  return samples.map((s) =>
    s.state === 'Z' || s.state === 'X'
      ? { pid: s.pid, cpu: null, rss: s.rss }
      : {
          pid: s.pid,
          cpu: Math.round(s.cpu * 10) / 10,
          rss: s.rss,
          ...(s.cpuMs === undefined ? {} : { cpuMs: Math.round(s.cpuMs) }),
        },
  );
}

/** Shortest time between two usage ticks a report keeps, ms (10 Hz). */
export const REPORT_USAGE_GAP_MS = 100;
/** Most samples (one process at one tick) a report keeps: ~60 bytes each, so ~1.2 MB at most. */
export const REPORT_USAGE_MAX_SAMPLES = 20_000;

/** Usage ticks kept for one run's report; see the module comment. */
export class UsageLog {
  #kept: UsageEvent[] = [];
  #samples = 0;
  #gap: number;
  #max: number;

  constructor(gapMs = REPORT_USAGE_GAP_MS, maxSamples = REPORT_USAGE_MAX_SAMPLES) {
    this.#gap = gapMs;
    this.#max = maxSamples;
  }

  /** One tick's usage as the run's event (null when no process was sampled), offered to {@link add}. */
  tick(runId: string, pid: number, t: number, samples: UsageEvent['samples']): UsageEvent | null {
    if (samples.length === 0) return null;
    const e: UsageEvent = { type: 'usage', runId, pid, t, samples };
    this.add(e);
    return e;
  }

  /** Offers one tick: kept if it comes at least the current gap after the last one kept. */
  add(e: UsageEvent): void {
    const last = this.#kept.at(-1);
    if (last && e.t - last.t < this.#gap) return;
    this.#kept.push(e);
    this.#samples += e.samples.length;
    while (this.#samples > this.#max && this.#kept.length > 1) {
      // Keep the even ones (the first tick stays: the start of every process's curve).
      this.#kept = this.#kept.filter((_, i) => i % 2 === 0);
      this.#samples = this.#kept.reduce((n, k) => n + k.samples.length, 0);
      this.#gap *= 2;
    }
  }

  /** How many samples are kept now. */
  get samples(): number {
    return this.#samples;
  }

  /** `events` with the kept ticks merged in, in time order (an equal time: the run's own event first). */
  mergedInto(events: readonly LabEvent[]): LabEvent[] {
    const out: LabEvent[] = [];
    let k = 0;
    for (const e of events) {
      while (k < this.#kept.length && this.#kept[k]!.t < e.t) out.push(this.#kept[k++]!);
      out.push(e);
    }
    while (k < this.#kept.length) out.push(this.#kept[k++]!);
    return out;
  }
}
