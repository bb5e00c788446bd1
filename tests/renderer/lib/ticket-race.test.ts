import { describe, expect, it } from 'vitest';
import {
  SCHEDULE_PATTERN,
  buyerRows,
  dbHistory,
  isComplete,
  nextSteps,
  raceSummary,
  roundOf,
  scheduleString,
  type Step,
} from '../../../renderer/src/lib/ticket-race';
import { fixture } from '../fixtures';

const steps = (s: string): Step[] => s.split(',').map((x) => ({ at: x[0] as 'r' | 'w', buyer: Number(x.slice(1)) }));

describe('ticket-race helpers', () => {
  it('accepts what the experiment accepts, and nothing it refuses', () => {
    for (const ok of ['r1,r2,w1,w2', 'r1,w1', 'r12,w12', ' r1 , w1 ']) expect(SCHEDULE_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['r0,w0', 'x1', 'r1;w1', 'r100']) expect(SCHEDULE_PATTERN.test(bad), bad).toBe(false);
    expect(isComplete(steps('r1,r2,w1,w2'))).toBe(true);
    expect(isComplete(steps('r1,r2,w1'))).toBe(false);
    expect(isComplete(steps('w1,r1'))).toBe(false);
    expect(isComplete(steps('r1,r1,w1'))).toBe(false);
    expect(isComplete([])).toBe(false);
    expect(scheduleString(steps('r2,r1,w2,w1'))).toBe('r2,r1,w2,w1');
  });

  it('offers a read to a buyer not named yet and a write to one that has read', () => {
    expect(scheduleString(nextSteps(steps('r1'), 3))).toBe('w1,r2,r3');
    expect(scheduleString(nextSteps(steps('r1,w1,r2'), 2))).toBe('w2');
  });

  it('reads a real race: who wrote from a stale count, and every write to the file', () => {
    const r = fixture('ticket-race-schedule').report;
    const s = raceSummary(r)!;
    expect(s.schedule).toBe('r1,r2,w1,w2');
    expect(s.oversold).toBe(1);
    const rows = buyerRows(r);
    expect(rows.filter((x) => x.stale).map((x) => x.name)).toEqual(['buyer-2']);
    const db = dbHistory(r);
    expect(db.map((d) => d.count)).toEqual([1, 0, 0]);
    expect(db.map((d) => d.lostUpdate)).toEqual([false, false, true]);
    expect(raceSummary(fixture('zombie').report)).toBeNull();
  });

  it('knows the round of a repeated race’s buyer', () => {
    expect(roundOf('round-12/buyer-3')).toBe(12);
    expect(roundOf('buyer-3')).toBeNull();
  });
});
