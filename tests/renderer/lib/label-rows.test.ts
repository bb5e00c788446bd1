import { describe, expect, it } from 'vitest';
import { stackRows, textWidth } from '../../../renderer/src/lib/label-rows';

describe('stackRows', () => {
  it('keeps labels apart: a crowded end goes to new rows, a clear one stays on the first', () => {
    const w = (s: string): number => textWidth(s, 11);
    const rows = stackRows(
      [
        { x: 10, width: w('parent stops waiting'), anchor: 'start' },
        { x: 700, width: w('main exits'), anchor: 'end' },
        { x: 702, width: w('spawn ends'), anchor: 'end' },
        { x: 704, width: w('main’s code finished'), anchor: 'end' },
      ],
      4,
    );
    expect(rows[0]).toBe(0);
    // The three at the end: one row each, whichever order.
    expect(new Set(rows.slice(1))).toEqual(new Set([0, 1, 2]));
  });

  it('gives up past the last row (the label is left to its tooltip)', () => {
    expect(
      stackRows(
        [0, 1, 2].map(() => ({ x: 50, width: 40, anchor: 'start' as const })),
        2,
      ),
    ).toEqual([0, 1, null]);
  });

  it('measures Chinese wider than Latin', () => {
    expect(textWidth('主进程退出', 11)).toBeGreaterThan(textWidth('main', 11));
  });
});
