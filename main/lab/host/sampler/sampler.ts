/**
 * The sampler: picks a back end and calls it at a fixed rate, or at the "auto" rate its own
 * measured cost allows (see {@link AUTO_BUDGET}), never two ticks at once, and at once after a
 * {@link Sampler.hint}.
 */
import { performance } from 'node:perf_hooks';
import { HZ_AUTO, RUN_LIMITS } from '../../../../contract/ipc';
import type { ProcSample } from '../../../../contract/process';
import type { SamplerBackend } from './types';
import { createBackend, resolveBackend, type BackendChoice } from './backends';
import { gcMsSoFar } from './gc-time';

export { createBackend, hasProcFs, resolveBackend, type BackendChoice } from './backends';

/** Lowest and highest sampling rates accepted by {@link Sampler.setHz}. */
export const MIN_HZ = RUN_LIMITS.hz.min;
export const MAX_HZ = RUN_LIMITS.hz.max;
/** Default sampling rate ({@link HZ_AUTO}: chosen by cost). */
export const DEFAULT_HZ: number = RUN_LIMITS.hz.default;
export { HZ_AUTO };

/**
 * Share of one core the auto rate lets the sampler's ticks use in steady state (tick cost is
 * measured on every tick: back end + the caller's onTick, both synchronous). Below the 1 %
 * the issue sets for the whole engine, to leave room for timers, GC and the event loop.
 */
export const AUTO_BUDGET = 0.006;
/** Share of one core allowed for a short while after a hint (a change is under way). */
export const BOOST_BUDGET = 0.05;
/** How long the boosted rate lasts after the latest hint, ms. */
export const BOOST_MS = 1000;
/**
 * After a birth ({@link Sampler.born}) in a small run, ticks come at most this far apart for
 * {@link FOLLOW_MS}, whatever the measured cost: a process that lives 100 ms (an orphan's
 * parent) is then seen by several ticks, not by the luck of one. The measured cost is at its
 * highest exactly then (a fresh process: cold code, start-up garbage counted against the
 * ticks), which stretched the boosted gap to 250 ms in the first run of a process.
 */
export const FOLLOW_GAP_MS = 20;
/** How long the follow rate lasts after the latest birth, ms. */
export const FOLLOW_MS = 500;
/**
 * The follow rate holds while the latest tick sampled at most this many processes (the
 * issue's "run of ≤ 50 processes"): there a tick costs well under 1 ms, so 50 Hz for half a
 * second is a few % of one core; a fork storm of hundreds keeps the cost-bound rate.
 */
export const FOLLOW_MAX_PROCS = 50;
/** Auto never samples slower than this (a long-running tree still moves on screen). */
export const AUTO_MIN_HZ = 1;

/** Options of {@link Sampler}. */
export interface SamplerOptions {
  /**
   * Back end to create (default `auto`), or an instance to use — e.g. one shared with other
   * code or wrapped for measurement. A back end is reusable after close() (it reopens what it
   * needs on the next sample), so stop() then start() works with an instance too.
   */
  backend?: BackendChoice | SamplerBackend;
  /** Ticks per second, {@link MIN_HZ}..{@link MAX_HZ}, or {@link HZ_AUTO}; default {@link DEFAULT_HZ}. */
  hz?: number;
}

/** What to sample on one tick (see {@link SamplerBackend.sample}). */
export interface SampleTargets {
  roots: readonly number[];
  /** pid → start time first seen (epoch ms). */
  known: ReadonlyMap<number, number>;
}

/** Facts about one tick, passed along with its samples. */
export interface TickInfo {
  /** 1, 2, 3… per Sampler, counting manual ticks too. */
  seq: number;
  /** Epoch ms when the tick started. */
  at: number;
  /** Wall time the back end took, ms. */
  durationMs: number;
  /** Timer firings skipped since the previous tick because a tick was still running. */
  skipped: number;
  backend: 'proc' | 'portable';
  /** The targets this tick sampled (so a caller can tell who was looked for and not found). */
  targets: SampleTargets;
  /** True for a {@link Sampler.tickOnce} call, false for a timer (or hinted) tick. */
  manual: boolean;
  /** The hint that asked for this tick, when one did. */
  hint?: string;
}

/** The rate a sampler actually used (for the report, the CLI and the view). */
export interface SamplingUsed {
  /** `auto` (chosen by cost) or `fixed` (`--hz`, the settings). */
  mode: 'auto' | 'fixed';
  /** Ticks per second over the sampler's life, every tick counted (timed, hinted, asked for). */
  hz: number;
  /** The steady rate the measured cost allows now (auto), or the fixed rate. */
  steadyHz: number;
  ticks: number;
  /** Ticks asked for by a hint. */
  hinted: number;
  /** Mean measured cost of one tick, ms (back end + onTick). */
  tickMs: number;
}

function checkHz(hz: number): number {
  if (hz === HZ_AUTO) return hz;
  if (typeof hz !== 'number' || !Number.isFinite(hz) || hz < MIN_HZ || hz > MAX_HZ) {
    throw new RangeError(`sampling rate must be auto or between ${MIN_HZ} and ${MAX_HZ} Hz, got ${String(hz)}`);
  }
  return hz;
}

/**
 * Samples a set of processes at a fixed rate, or at the auto rate.
 *
 * Auto: after each tick its cost (wall ms of the back end and of onTick, both synchronous, so
 * wall ≈ CPU; a loaded machine inflates it, which only lowers the rate) feeds a moving mean,
 * and the next tick comes `mean / AUTO_BUDGET` ms later (clamped to {@link AUTO_MIN_HZ}..
 * {@link MAX_HZ}): tens of Hz for a small run, ~2 Hz at hundreds of processes. A
 * {@link hint} samples at once (coalesced: one tick, right after any tick in flight) and raises
 * the budget to {@link BOOST_BUDGET} for {@link BOOST_MS}; hinted ticks are spaced by the same
 * boost budget, so a flood of hints cannot take the core.
 *
 * Ticks never overlap: a timer that comes due while a tick is still running is skipped
 * (counted in {@link TickInfo.skipped}), not queued — a slow machine gets a lower effective
 * rate instead of a growing backlog. {@link tickOnce} waits for a running tick.
 */
export class Sampler {
  readonly #choice: BackendChoice | SamplerBackend;
  #hz: number;
  #backend: SamplerBackend | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #started = false;
  #current: Promise<unknown> | null = null;
  #seq = 0;
  #skipped = 0;
  #getTargets: (() => SampleTargets) | null = null;
  #onTick: ((samples: Map<number, ProcSample>, info: TickInfo) => void) | null = null;
  #onError: (err: unknown) => void = (err) => console.error('[sampler] tick failed:', err);
  /** Moving mean of one tick's measured CPU cost, ms (null before the second tick). */
  #costMs: number | null = null;
  #costSum = 0;
  #hinted = 0;
  /** performance.now() until which the boosted budget holds. */
  #boostUntil = 0;
  /** A hint's reason waiting for the tick it asked for. */
  #pendingHint: string | null = null;
  #lastTickAt = 0;
  #firstTickAt: number | null = null;
  /** {@link gcMsSoFar} at the previous tick (auto only). */
  #gcAt = 0;
  /** performance.now() until which the follow gap holds (see {@link born}). */
  #followUntil = 0;
  /** Processes the latest tick sampled. */
  #lastCount = 0;

  constructor(opts: SamplerOptions = {}) {
    this.#choice = opts.backend ?? 'auto';
    this.#hz = checkHz(opts.hz ?? DEFAULT_HZ);
  }

  /** The configured rate, ticks per second, or {@link HZ_AUTO}. */
  get hz(): number {
    return this.#hz;
  }

  /** Whether the rate is chosen by cost. */
  get auto(): boolean {
    return this.#hz === HZ_AUTO;
  }

  /** The back end in use (or that will be used), `proc` or `portable`. */
  get backendName(): 'proc' | 'portable' {
    if (this.#backend) return this.#backend.name;
    return typeof this.#choice === 'string' ? resolveBackend(this.#choice) : this.#choice.name;
  }

  /** Whether the timer is running. */
  get running(): boolean {
    return this.#started;
  }

  /** The rate used so far (see {@link SamplingUsed}). */
  used(): SamplingUsed {
    const ticks = this.#seq;
    const span = this.#firstTickAt === null ? 0 : this.#lastTickAt - this.#firstTickAt;
    const steady = this.#steadyHz();
    return {
      mode: this.auto ? 'auto' : 'fixed',
      hz: ticks > 1 && span > 0 ? round1(((ticks - 1) * 1000) / span) : steady,
      steadyHz: steady,
      ticks,
      hinted: this.#hinted,
      tickMs: ticks > 1 ? Math.round((this.#costSum / (ticks - 1)) * 1000) / 1000 : 0,
    };
  }

  /**
   * Starts ticking at the current rate. Each tick calls `getTargets()`, samples, then
   * `onTick(samples, info)`. A failed tick goes to `onError` (default: console.error) and the
   * timer goes on. Calling start() again replaces the callbacks.
   */
  start(
    getTargets: () => SampleTargets,
    onTick: (samples: Map<number, ProcSample>, info: TickInfo) => void,
    onError?: (err: unknown) => void,
  ): void {
    this.#getTargets = getTargets;
    this.#onTick = onTick;
    if (onError) this.#onError = onError;
    this.#started = true;
    this.#arm();
  }

  /** Stops the timer and releases the back end's resources (fds); start() may be called again. */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#started = false;
    this.#pendingHint = null;
    this.#getTargets = null;
    this.#onTick = null;
    // The back end is closed even with a tick in flight: both back ends tolerate that (the
    // portable one defers closing fds until its pidusage call returns).
    this.#backend?.close();
    this.#backend = null;
  }

  /**
   * Something hints that the processes changed (a message from main or a worker, a signal the
   * lab sent, an exit, a new pid, a traced call): sample as soon as possible — right after any
   * tick in flight, no sooner than the boost budget allows after the previous one — and keep
   * the boosted rate for {@link BOOST_MS}. Hints that come before that tick share it. With a
   * fixed rate, the hinted tick is taken too (the rate stays the floor). No-op when stopped.
   */
  hint(reason: string): void {
    if (!this.#started) return;
    this.#boostUntil = performance.now() + BOOST_MS;
    if (this.#pendingHint !== null) return;
    this.#pendingHint = reason;
    const gap = this.#following() ? Math.min(FOLLOW_GAP_MS, this.#gapMs(BOOST_BUDGET)) : this.#gapMs(BOOST_BUDGET);
    const wait = Math.max(0, this.#lastTickAt + gap - performance.now());
    this.#arm(wait);
  }

  /**
   * A new process was found (or is about to be: a run's start). Hints at once, and for
   * {@link FOLLOW_MS} ticks come at most {@link FOLLOW_GAP_MS} apart while the run is small
   * ({@link FOLLOW_MAX_PROCS}): its children are forked next, and may live only ~100 ms.
   * Auto and fixed rates alike (a fixed rate is a floor, as for hints).
   */
  born(reason: string): void {
    if (!this.#started) return;
    this.#followUntil = performance.now() + FOLLOW_MS;
    this.hint(reason);
  }

  /** Whether the follow gap holds now. */
  #following(): boolean {
    return performance.now() < this.#followUntil && this.#lastCount <= FOLLOW_MAX_PROCS;
  }

  /**
   * Samples once now, after any tick in flight, and returns the samples. `targets` defaults to
   * those of start(). When started, the result also goes to `onTick` (with `manual: true`), so
   * a caller diffing ticks sees it too. Rejects if the back end fails.
   */
  async tickOnce(targets?: SampleTargets): Promise<Map<number, ProcSample>> {
    while (this.#current) await this.#current.catch(() => undefined);
    const t = targets ?? this.#getTargets?.();
    if (!t) throw new Error('tickOnce() needs targets when the sampler was not started');
    return this.#run(t, true);
  }

  /** Changes the rate (RangeError outside {@link MIN_HZ}..{@link MAX_HZ} and not auto); applies at once. */
  setHz(hz: number): void {
    this.#hz = checkHz(hz);
    if (this.#started) this.#arm();
  }

  /** The steady rate: the fixed one, or what the measured cost allows within {@link AUTO_BUDGET}. */
  #steadyHz(): number {
    if (!this.auto) return this.#hz;
    return round1(1000 / this.#gapMs(AUTO_BUDGET));
  }

  /** Ms between ticks so that ticks use `budget` of one core, clamped to the auto range. */
  #gapMs(budget: number): number {
    const cost = this.#costMs ?? 0;
    return Math.min(1000 / AUTO_MIN_HZ, Math.max(1000 / MAX_HZ, cost / budget));
  }

  /** Ms until the next timed tick after one that just ended. */
  #intervalMs(): number {
    const base = this.auto
      ? this.#gapMs(performance.now() < this.#boostUntil ? BOOST_BUDGET : AUTO_BUDGET)
      : 1000 / this.#hz;
    return this.#following() ? Math.min(FOLLOW_GAP_MS, base) : base;
  }

  #arm(wait: number = this.#intervalMs()): void {
    if (!this.#started) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    this.#timer = null;
    if (this.#current) {
      // Re-armed when the tick in flight ends (see #run).
      this.#skipped++;
      return;
    }
    const getTargets = this.#getTargets;
    if (!getTargets) return;
    // The caller's work to name the targets (e.g. a /proc listing) is part of the tick's cost.
    const cpu0 = process.cpuUsage();
    let targets: SampleTargets;
    try {
      targets = getTargets();
    } catch (err) {
      this.#onError(err);
      this.#arm();
      return;
    }
    void this.#run(targets, false, cpu0).catch((err: unknown) => this.#onError(err));
  }

  async #run(
    targets: SampleTargets,
    manual: boolean,
    cpu0: NodeJS.CpuUsage = process.cpuUsage(),
  ): Promise<Map<number, ProcSample>> {
    this.#backend ??= typeof this.#choice === 'string' ? createBackend(this.#choice) : this.#choice;
    const backend = this.#backend;
    const hint = this.#pendingHint;
    this.#pendingHint = null;
    if (hint !== null) this.#hinted++;
    const at = Date.now();
    const t0 = performance.now();
    // CPU time (from cpu0, taken before the targets were named), not wall: on a loaded machine
    // a tick waits for a core, which costs us nothing.
    const run = backend.sample(targets.roots, targets.known);
    this.#current = run;
    try {
      const samples = await run;
      const sampledMs = performance.now() - t0;
      this.#lastCount = samples.size;
      const info: TickInfo = {
        seq: ++this.#seq,
        at,
        durationMs: sampledMs,
        skipped: this.#skipped,
        backend: backend.name,
        targets,
        manual,
        ...(hint !== null ? { hint } : {}),
      };
      this.#skipped = 0;
      const c0 = performance.now();
      // Not delivered after stop() (the callbacks are gone) — the caller asked for silence.
      this.#onTick?.(samples, info);
      // proc is synchronous: the process's CPU over the tick is the tick's (back end + onTick).
      // The portable one waits on child processes in between: only onTick and a share of
      // the wall time are counted (its children's CPU is theirs, not this process's).
      const used = process.cpuUsage(cpu0);
      let cost =
        backend.name === 'proc' ? (used.user + used.system) / 1000 : Math.min(sampledMs, 5) + performance.now() - c0;
      // Auto: the garbage collected since the previous tick is that tick's too.
      let gc = 0;
      if (this.auto) {
        const now = gcMsSoFar();
        gc = now - this.#gcAt;
        this.#gcAt = now;
      }
      // The first tick opens every fd and measures the clock once: not what later ticks cost.
      if (this.#seq > 1) {
        cost += gc;
        this.#costSum += cost;
        this.#costMs = this.#costMs === null ? cost : this.#costMs + 0.3 * (cost - this.#costMs);
      }
      this.#lastTickAt = performance.now();
      this.#firstTickAt ??= this.#lastTickAt;
      return samples;
    } finally {
      if (this.#current === run) this.#current = null;
      // A hint that came during this tick asks for a fresh one; else the next timed tick.
      if (this.#pendingHint !== null) this.#arm(this.#following() ? FOLLOW_GAP_MS : this.#gapMs(BOOST_BUDGET));
      else if (!manual || this.#timer === null) this.#arm();
    }
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
