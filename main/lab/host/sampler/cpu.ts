/**
 * CPU % from cumulative CPU time, computed the same way by every back end so that `proc` and
 * `portable` give the same number for the same process.
 *
 * Why smoothing: Linux accounts utime/stime in clock ticks (10 ms at CLK_TCK = 100). Sampling
 * at 2–4 Hz, a process using 50 % of a core shows 4, 5 or 6 ticks per 200 ms window — raw
 * values jump by ±20 points from tick to tick. An exponential moving average whose weight
 * depends on the elapsed wall time (not on the tick count) keeps the curve readable and makes
 * it independent of the sampling rate.
 */

/** Default EMA time constant: a step change reaches ~63 % after this many ms. */
export const CPU_SMOOTHING_MS = 1500;

interface CpuState {
  startTime: number;
  cpuMs: number;
  atMs: number;
  value: number;
}

/**
 * Tracks cumulative CPU time per process and turns it into a smoothed CPU %.
 *
 * First sample of a process: its lifetime average (`cpuMs / age`). Chosen over 0 because both
 * back ends can compute it identically from what they already have, and it is right at once
 * for the common cases (a freshly spawned busy loop shows ~100 %, an old idle daemon ~0 %)
 * instead of ramping up from 0 over several seconds.
 */
export class CpuMeter {
  readonly #tauMs: number;
  readonly #byPid = new Map<number, CpuState>();

  /** @param tauMs EMA time constant in ms; 0 disables smoothing (raw per-interval values). */
  constructor(tauMs: number = CPU_SMOOTHING_MS) {
    this.#tauMs = tauMs;
  }

  /**
   * @param pid the process.
   * @param startTime its start time (epoch ms): a different value means a new process that
   *   reuses the pid, whose history starts over.
   * @param cpuMs cumulative user + system CPU time of the process, ms.
   * @param monoMs monotonic time of the reading (`performance.now()`), ms.
   * @param epochMs wall-clock time of the reading (`Date.now()`), used only for the lifetime
   *   average of a first sample.
   * @returns CPU % of one core (may exceed 100 for several threads), never negative.
   */
  update(pid: number, startTime: number, cpuMs: number, monoMs: number, epochMs: number): number {
    const prev = this.#byPid.get(pid);
    if (!prev || prev.startTime !== startTime || cpuMs < prev.cpuMs) {
      const age = epochMs - startTime;
      const value = age > 0 ? Math.max(0, (100 * cpuMs) / age) : 0;
      this.#byPid.set(pid, { startTime, cpuMs, atMs: monoMs, value });
      return value;
    }
    const dt = monoMs - prev.atMs;
    // Same instant (two reads in one tick): nothing new to learn.
    if (dt <= 0) return prev.value;
    const raw = (100 * (cpuMs - prev.cpuMs)) / dt;
    const alpha = this.#tauMs > 0 ? 1 - Math.exp(-dt / this.#tauMs) : 1;
    prev.value += alpha * (raw - prev.value);
    prev.cpuMs = cpuMs;
    prev.atMs = monoMs;
    return prev.value;
  }

  /** Forgets every pid not in `alive`, so the table does not grow with every process ever seen. */
  retain(alive: ReadonlySet<number> | ReadonlyMap<number, unknown>): void {
    for (const pid of this.#byPid.keys()) if (!alive.has(pid)) this.#byPid.delete(pid);
  }

  /** Forgets everything. */
  clear(): void {
    this.#byPid.clear();
  }

  /** Number of processes tracked (for tests). */
  get size(): number {
    return this.#byPid.size;
  }
}
