/**
 * A process's state history as a student can read it: a sleeping worker that wakes for a
 * moment every tick gives dozens of spans (`S R S R S …`), and a sampler can report the same
 * state twice in a row. Consecutive spans of one state are merged (with how many there were),
 * and a long history is summed per state instead, so the details pane never shows a wall of
 * identical chips.
 */
import type { StateSpan } from './process-model.svelte';

/** One stretch of consecutive spans of the same state. */
export interface StateRun {
  state: StateSpan['state'];
  from: number;
  /** Its end: the next state's start, else the process's end (or the run's last instant). */
  to: number;
  /** How many spans the OS reported in it (1 = one uninterrupted span). */
  spans: number;
}

/** Time spent in one state over the whole history. */
export interface StateTotal {
  state: StateSpan['state'];
  ms: number;
  /** How many separate stretches (a return to the state after another counts again). */
  times: number;
}

/** Merges consecutive spans of the same state; an open span ends at `endMs`. */
export function mergeStates(spans: readonly StateSpan[], endMs: number): StateRun[] {
  const runs: StateRun[] = [];
  for (const s of spans) {
    const to = Math.max(s.from, s.to ?? endMs);
    const last = runs.at(-1);
    if (last && last.state === s.state) {
      last.to = Math.max(last.to, to);
      last.spans += 1;
    } else runs.push({ state: s.state, from: s.from, to, spans: 1 });
  }
  return runs;
}

/** Total time per state, longest first. */
export function stateTotals(runs: readonly StateRun[]): StateTotal[] {
  const by = new Map<string, StateTotal>();
  for (const r of runs) {
    const t = by.get(r.state) ?? { state: r.state, ms: 0, times: 0 };
    t.ms += r.to - r.from;
    t.times += 1;
    by.set(r.state, t);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

/** Above this many stretches the pane shows the totals per state, not each stretch. */
export const MAX_STATE_RUNS = 6;
