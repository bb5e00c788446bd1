import { describe, expect, it } from 'vitest';
import { niceTicks, timeScale } from '../../../renderer/src/lib/timeline-scale';

describe('timeline scale', () => {
  it('maps the run onto the plot, and through the zoom', () => {
    const x = timeScale(0, 1000, 100, 600);
    expect(x(0)).toBe(100);
    expect(x(1000)).toBe(600);
    expect(x.visible).toEqual([0, 1000]);
    const z = timeScale(0, 1000, 100, 600, { k: 2, x: -350 });
    expect(z(500)).toBe(350); // the middle stays in the middle
    expect(z.visible[0]).toBeCloseTo(250);
    expect(z.visible[1]).toBeCloseTo(750);
    expect(z.invert(z(123))).toBeCloseTo(123);
  });

  it('ticks at round steps', () => {
    expect(niceTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0, 6600, 8)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000]);
    expect(niceTicks(5, 5)).toEqual([]);
  });
});
