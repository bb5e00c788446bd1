import { performance } from 'node:perf_hooks';

/**
 * Milliseconds on a clock shared by every process on the machine: the process's wall-clock
 * origin plus its monotonic `performance.now()`. Unlike `Date.now()` it never jumps within a
 * process; unlike `performance.now()` alone it can be compared across processes (each has its
 * own origin), which the engine needs to order events reported by main, its children and the
 * sampler on one timeline.
 */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
