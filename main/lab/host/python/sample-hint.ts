/**
 * "Sample now": a traced call (terminate, start, the end of a join or wait) makes the sampler
 * look at once, so the OS's view right after the call is in the run. The sampler's own hint
 * does the work: hints share one immediate tick and keep a higher rate for a moment, within
 * its CPU budget (host/sampler).
 */
import type { RunHandle } from '../run/handle';

/** Asks for a tick that reads the OS after this traced call. */
export function sampleOnHint(run: RunHandle, api = 'call'): void {
  run.hint(`python ${api}`);
}
