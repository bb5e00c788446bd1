/** CpuMeter arithmetic (no processes needed: it is pure). */
import { describe, expect, it } from 'vitest';
import { CpuMeter } from '../../../../../main/lab/host/sampler/cpu';

describe('CpuMeter', () => {
  it('seeds a first sample with the lifetime average', () => {
    const m = new CpuMeter(1000);
    // Started 2 s ago, used 1 s of CPU: 50 %.
    expect(m.update(1, 10_000, 1000, 0, 12_000)).toBeCloseTo(50);
    // Not started yet according to the clock (skew): 0, never negative or infinite.
    expect(m.update(2, 20_000, 10, 0, 20_000)).toBe(0);
  });

  it('converges to the raw rate with the time constant, whatever the tick rate', () => {
    for (const period of [50, 250, 500]) {
      const m = new CpuMeter(1000);
      m.update(1, 0, 0, 0, 1_000_000); // lifetime average ~0
      let cpuMs = 0;
      let v = 0;
      for (let t = period; t <= 1000; t += period) {
        cpuMs += period; // one full core
        v = m.update(1, 0, cpuMs, t, 1_000_000 + t);
      }
      // After one time constant: 1 - e^-1 of the way.
      expect(v).toBeCloseTo(100 * (1 - Math.exp(-1)), 5);
    }
  });

  it('starts over for a new process reusing the pid, and forgets what it is told to', () => {
    const m = new CpuMeter(0); // no smoothing
    m.update(7, 0, 0, 0, 10_000);
    expect(m.update(7, 0, 100, 1000, 11_000)).toBeCloseTo(10);
    // Same pid, other start time: lifetime average of the new one.
    expect(m.update(7, 10_500, 250, 1100, 11_000)).toBeCloseTo(50);
    m.update(8, 0, 0, 0, 10_000);
    m.retain(new Set([8]));
    expect(m.size).toBe(1);
    m.clear();
    expect(m.size).toBe(0);
  });
});
