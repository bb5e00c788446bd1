/** The process's garbage-collection time, for the auto rate's measured tick cost. */
import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Garbage-collection time of this process, ms, summed since the first call. A tick's garbage is
 * collected later, outside the tick: counting every GC pause against the ticks (the app's own
 * garbage too: conservative) keeps the auto rate within budget for the whole process.
 */
let gcTotalMs = 0;
let gcObserver: PerformanceObserver | null = null;
export function gcMsSoFar(): number {
  if (!gcObserver) {
    gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcTotalMs += e.duration;
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    // Never the reason the process stays alive.
    (gcObserver as unknown as { unref?: () => void }).unref?.();
  }
  return gcTotalMs;
}
