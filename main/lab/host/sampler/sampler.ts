/**
 * The sampler: picks a back end and calls it at a fixed rate, never two ticks at once.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RUN_LIMITS } from '../../../../contract/ipc';
import type { ProcSample } from '../../../../contract/process';
import type { SamplerBackend } from './types';
import { PortableBackend } from './portable-backend';
import { ProcBackend } from './proc-backend';

/** Which back end to use; `auto` is `proc` on Linux with /proc mounted, else `portable`. */
export type BackendChoice = 'proc' | 'portable' | 'auto';

/** Lowest and highest sampling rates accepted by {@link Sampler.setHz}. */
export const MIN_HZ = RUN_LIMITS.hz.min;
export const MAX_HZ = RUN_LIMITS.hz.max;
/** Default sampling rate. */
export const DEFAULT_HZ = RUN_LIMITS.hz.default;

/** Options of {@link Sampler}. */
export interface SamplerOptions {
  /**
   * Back end to create (default `auto`), or an instance to use — e.g. one shared with other
   * code or wrapped for measurement. A back end is reusable after close() (it reopens what it
   * needs on the next sample), so stop() then start() works with an instance too.
   */
  backend?: BackendChoice | SamplerBackend;
  /** Ticks per second, {@link MIN_HZ}..{@link MAX_HZ}; default {@link DEFAULT_HZ}. */
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
  /** True for a {@link Sampler.tickOnce} call, false for a timer tick. */
  manual: boolean;
}

/** True when `/proc` can serve the `proc` back end (Linux with procfs mounted). */
export function hasProcFs(): boolean {
  return process.platform === 'linux' && existsSync(`/proc/${process.pid}/stat`);
}

/** The back end name `choice` resolves to on this machine. */
export function resolveBackend(choice: BackendChoice = 'auto'): 'proc' | 'portable' {
  if (choice === 'auto') return hasProcFs() ? 'proc' : 'portable';
  return choice;
}

/**
 * A new back end. `proc` on a machine without /proc throws (asked for explicitly, it is a
 * configuration error, not something to paper over).
 */
export function createBackend(choice: BackendChoice = 'auto'): SamplerBackend {
  const kind = resolveBackend(choice);
  if (kind === 'proc') {
    if (!hasProcFs()) throw new Error('the proc sampler needs Linux with /proc mounted');
    return new ProcBackend();
  }
  return new PortableBackend();
}

function checkHz(hz: number): number {
  if (typeof hz !== 'number' || !Number.isFinite(hz) || hz < MIN_HZ || hz > MAX_HZ) {
    throw new RangeError(`sampling rate must be between ${MIN_HZ} and ${MAX_HZ} Hz, got ${String(hz)}`);
  }
  return hz;
}

/**
 * Samples a set of processes at a fixed rate.
 *
 * Ticks never overlap: when the timer fires while a tick is still running, that firing is
 * skipped (counted in {@link TickInfo.skipped}), not queued — a slow machine gets a lower
 * effective rate instead of a growing backlog. {@link tickOnce} waits for a running tick.
 */
export class Sampler {
  readonly #choice: BackendChoice | SamplerBackend;
  #hz: number;
  #backend: SamplerBackend | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #current: Promise<unknown> | null = null;
  #seq = 0;
  #skipped = 0;
  #getTargets: (() => SampleTargets) | null = null;
  #onTick: ((samples: Map<number, ProcSample>, info: TickInfo) => void) | null = null;
  #onError: (err: unknown) => void = (err) => console.error('[sampler] tick failed:', err);

  constructor(opts: SamplerOptions = {}) {
    this.#choice = opts.backend ?? 'auto';
    this.#hz = checkHz(opts.hz ?? DEFAULT_HZ);
  }

  /** Current rate, ticks per second. */
  get hz(): number {
    return this.#hz;
  }

  /** The back end in use (or that will be used), `proc` or `portable`. */
  get backendName(): 'proc' | 'portable' {
    if (this.#backend) return this.#backend.name;
    return typeof this.#choice === 'string' ? resolveBackend(this.#choice) : this.#choice.name;
  }

  /** Whether the timer is running. */
  get running(): boolean {
    return this.#timer !== null;
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
    this.#arm();
  }

  /** Stops the timer and releases the back end's resources (fds); start() may be called again. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#getTargets = null;
    this.#onTick = null;
    // The back end is closed even with a tick in flight: both back ends tolerate that (the
    // portable one defers closing fds until its pidusage call returns).
    this.#backend?.close();
    this.#backend = null;
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

  /** Changes the rate (RangeError outside {@link MIN_HZ}..{@link MAX_HZ}); applies at once. */
  setHz(hz: number): void {
    this.#hz = checkHz(hz);
    if (this.#timer) this.#arm();
  }

  #arm(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#fire(), 1000 / this.#hz);
  }

  #fire(): void {
    if (this.#current) {
      this.#skipped++;
      return;
    }
    const getTargets = this.#getTargets;
    if (!getTargets) return;
    let targets: SampleTargets;
    try {
      targets = getTargets();
    } catch (err) {
      this.#onError(err);
      return;
    }
    void this.#run(targets, false).catch((err: unknown) => this.#onError(err));
  }

  async #run(targets: SampleTargets, manual: boolean): Promise<Map<number, ProcSample>> {
    this.#backend ??= typeof this.#choice === 'string' ? createBackend(this.#choice) : this.#choice;
    const backend = this.#backend;
    const at = Date.now();
    const t0 = performance.now();
    const run = backend.sample(targets.roots, targets.known);
    this.#current = run;
    try {
      const samples = await run;
      const info: TickInfo = {
        seq: ++this.#seq,
        at,
        durationMs: performance.now() - t0,
        skipped: this.#skipped,
        backend: backend.name,
        targets,
        manual,
      };
      this.#skipped = 0;
      // Not delivered after stop() (the callbacks are gone) — the caller asked for silence.
      this.#onTick?.(samples, info);
      return samples;
    } finally {
      if (this.#current === run) this.#current = null;
    }
  }
}
