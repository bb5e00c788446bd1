/** The parallel experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { cpus } from 'node:os';
import { CPU_SMOOTHING_MS } from '../../host/sampler/cpu';
import type { RunHandle } from '../../host/run/run';
import { mainExited, mainGone } from '../../host/conduct-helpers';
import { factReader, factWriter, type ParallelFacts } from '../../../../contract/experiments';
import { round1, expectedMs } from './info';

/** Where main is, as its marks tell the supervisor. */
type Phase = 'before' | 'serial' | 'parallel' | 'after';

/**
 * Shortest span an exact CPU rate is taken over. Linux counts CPU time in 10 ms clock ticks, so
 * each process's difference can be off by a tick: over 300 ms that is ±3 % per process, where a
 * single 100 ms tick would give ±10 %.
 */
const RATE_WINDOW_MS = 300;

/** The sampler's readings of every process of the run at one tick, and main's phase then. */
interface Snapshot {
  at: number;
  phase: Phase;
  cpuMs: Map<number, number>;
}

/**
 * Follows a run's CPU use, tick by tick, from the sampler's records (supervisor side).
 *
 * Two measures. Exact: the difference of each process's cumulative CPU time (`cpuMs`, read by
 * the sampler) between two ticks at least {@link RATE_WINDOW_MS} apart, over the wall time
 * between them — the CPU actually used, summed over the run's processes. Smoothed: the sum of
 * the CPU % the view shows, an average with a 1.5 s time constant that lags far behind tasks of
 * a few hundred ms (reported beside the exact one, not instead of it).
 */
class CpuWatch {
  readonly peakTotal = { serial: 0, parallel: 0 };
  readonly peakSmoothed = { serial: 0, parallel: 0 };
  readonly peakCpu = new Map<number, number>();
  readonly peakRss = new Map<number, number>();
  #run: RunHandle;
  #phase: Phase = 'before';
  #reported = false;
  #seenEvents = 0;
  #snaps: Snapshot[] = [];
  #pending = false;

  constructor(run: RunHandle) {
    this.#run = run;
  }

  /** For `waitUntil`: reads what is new; true once main has sent its report. */
  observe(): boolean {
    const events = this.#run.events();
    for (; this.#seenEvents < events.length; this.#seenEvents++) {
      const e = events[this.#seenEvents];
      if (e?.type !== 'mark') continue;
      this.#phase = PHASE_AFTER_MARK[e.label] ?? this.#phase;
      if (e.label === 'parallel-reported') this.#reported = true;
    }
    // waitUntil also calls us in the middle of a tick (a state change is announced while the
    // records are being updated): read the records once the tick's synchronous work is done.
    if (!this.#pending) {
      this.#pending = true;
      queueMicrotask(() => {
        this.#pending = false;
        this.#snapshot();
      });
    }
    return this.#reported;
  }

  #snapshot(): void {
    const records = this.#run.records();
    const cpuMs = new Map<number, number>();
    for (const r of records) if (r.cpuMs !== undefined) cpuMs.set(r.pid, r.cpuMs);
    const last = this.#snaps[this.#snaps.length - 1];
    // Nothing new read from the OS since the last snapshot: not a new tick.
    if (last && cpuMs.size === last.cpuMs.size && [...cpuMs].every(([pid, c]) => last.cpuMs.get(pid) === c)) return;
    const now: Snapshot = { at: performance.now(), phase: this.#phase, cpuMs };
    this.#snaps.push(now);

    let smoothed = 0;
    for (const r of records) {
      if (r.endMs !== null || r.states.length === 0) continue;
      smoothed += r.cpu ?? 0;
      this.peakRss.set(r.pid, Math.max(this.peakRss.get(r.pid) ?? 0, r.rss));
    }
    const phase = now.phase;
    if (phase === 'serial' || phase === 'parallel')
      this.peakSmoothed[phase] = Math.max(this.peakSmoothed[phase], smoothed);

    // The latest earlier tick at least a window ago; the rate counts only processes read at
    // both ends, so CPU a process used before it was first seen is never counted in.
    let then: Snapshot | undefined;
    for (let i = this.#snaps.length - 2; i >= 0; i--) {
      const s = this.#snaps[i];
      if (s && now.at - s.at >= RATE_WINDOW_MS) {
        then = s;
        break;
      }
    }
    if (!then) return;
    const dt = now.at - then.at;
    let total = 0;
    for (const [pid, c] of now.cpuMs) {
      const before = then.cpuMs.get(pid);
      if (before === undefined) continue;
      const pct = (100 * (c - before)) / dt;
      total += pct;
      this.peakCpu.set(pid, Math.max(this.peakCpu.get(pid) ?? 0, pct));
    }
    // A window that spans two phases belongs to neither.
    if (then.phase === phase && (phase === 'serial' || phase === 'parallel'))
      this.peakTotal[phase] = Math.max(this.peakTotal[phase], total);
  }
}

/** The phase main enters with each of its marks. */
const PHASE_AFTER_MARK: Record<string, Phase> = {
  'serial-start': 'serial',
  'serial-end': 'after',
  'parallel-start': 'parallel',
  'parallel-end': 'after',
};

export const conduct: Conduct = async (run, opts) => {
  const watch = new CpuWatch(run);
  const wait = expectedMs(opts) * 3 + 15_000;
  // Main may also end without its report (it crashed): the facts then say what was seen.
  await run.waitUntil(() => watch.observe() || mainGone(run), wait, "main's report");

  // Pinned to one CPU ("1 core"), the run can use one core's worth, whatever the machine has.
  const cores = opts.oneCore === true ? 1 : cpus().length;
  const fact = factWriter<ParallelFacts>(run);
  fact('peakTotalCpuPercent', round1(watch.peakTotal.parallel));
  fact('serialPeakTotalCpuPercent', round1(watch.peakTotal.serial));
  fact('cpuCapacityPercent', cores * 100);
  fact('cpuRateWindowMs', RATE_WINDOW_MS);
  fact('peakSmoothedTotalCpuPercent', round1(watch.peakSmoothed.parallel));
  fact('cpuSmoothingMs', CPU_SMOOTHING_MS);
  const details = factReader<ParallelFacts>(run)().perTask ?? [];
  fact(
    'perTask',
    details.map((d) => ({
      ...d,
      peakCpuPercent: d.pid === null ? null : round1(watch.peakCpu.get(d.pid) ?? 0),
      peakRssBytes: d.pid === null ? null : (watch.peakRss.get(d.pid) ?? null),
    })),
  );
  fact('mainPeakRssBytes', watch.peakRss.get(run.mainPid) ?? null);
  await mainExited(run, wait);
};
