/** Merging a state history: the 13 "S" chips become one stretch; a long one is summed. */
import { describe, expect, it } from 'vitest';
import { MAX_STATE_RUNS, mergeStates, stateTotals } from '../../../renderer/src/lib/state-history';

describe('mergeStates', () => {
  it('turns 13 consecutive S spans into one stretch that says how many there were', () => {
    const spans = Array.from({ length: 13 }, (_, i) => ({ state: 'S' as const, from: i * 100, to: (i + 1) * 100 }));
    expect(mergeStates(spans, 2000)).toEqual([{ state: 'S', from: 0, to: 1300, spans: 13 }]);
  });

  it('ends an open span at the process’s end', () => {
    expect(mergeStates([{ state: 'R', from: 10, to: null }], 250)).toEqual([
      { state: 'R', from: 10, to: 250, spans: 1 },
    ]);
  });

  it('sums an alternating history per state, longest first', () => {
    const spans = Array.from({ length: 10 }, (_, i) => ({
      state: i % 2 === 0 ? ('S' as const) : ('R' as const),
      from: i * 100,
      to: i * 100 + (i % 2 === 0 ? 90 : 100) + (i % 2 === 0 ? 10 : 0),
    }));
    const runs = mergeStates(spans, 1000);
    expect(runs.length).toBeGreaterThan(MAX_STATE_RUNS);
    expect(stateTotals(runs)).toEqual([
      { state: 'S', ms: 500, times: 5 },
      { state: 'R', ms: 500, times: 5 },
    ]);
  });
});
