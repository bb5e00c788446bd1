/** A safe mode's broken promise (a buyer gave up, a sale lost) becomes the report's error. */
import { describe, expect, it } from 'vitest';
import { safetyFault } from '../../../../../main/lab/experiments/ticket-race/safety';

describe('safetyFault', () => {
  it('is null when lock or serial kept the promise, and always for unsafe', () => {
    expect(safetyFault({ mode: 'lock', tickets: 3, sold: 3, remaining: 0, gaveUp: 0 })).toBeNull();
    expect(safetyFault({ mode: 'serial', tickets: 3, sold: 2, remaining: 1, gaveUp: 0 })).toBeNull();
    expect(safetyFault({ mode: 'unsafe', tickets: 1, sold: 5, remaining: 0, gaveUp: 3 })).toBeNull();
  });

  it('names buyers that gave up and sales lost, over every round', () => {
    expect(safetyFault({ mode: 'lock', tickets: 4, sold: 0, remaining: 4, gaveUp: 5 })).toBe(
      'lock mode broke its promise: 5 buyers gave up without an answer (lock wait ran out)',
    );
    const rounds = [
      { sold: 2, remaining: 1 },
      { sold: 2, remaining: 2 },
    ];
    expect(safetyFault({ mode: 'lock', tickets: 3, rounds, gaveUp: 1 })).toBe(
      'lock mode broke its promise: 1 buyer gave up without an answer (lock wait ran out); 1 sale lost (overwritten by a stale write)',
    );
  });
});
