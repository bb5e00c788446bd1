/**
 * "Sample now": a traced call (terminate, start, the end of a join or wait) makes the sampler
 * look at once, so the OS's view right after the call is in the run. One function, so the
 * sampler's own hint API (being added on another branch) can replace the body alone.
 */
import type { RunHandle } from '../run/handle';

const busy = new WeakMap<RunHandle, { again: boolean }>();

/**
 * Asks for a tick that reads the OS after this call. Hints that arrive while one is being
 * served are folded into one more tick (a burst of calls costs two ticks, not one per call).
 */
export function sampleOnHint(run: RunHandle): void {
  const state = busy.get(run);
  if (state) {
    state.again = true;
    return;
  }
  const mine = { again: false };
  busy.set(run, mine);
  void (async () => {
    try {
      do {
        mine.again = false;
        await run.sampleNow();
      } while (mine.again);
    } finally {
      busy.delete(run);
    }
  })();
}
