/** The Sampler: rate validation, timer ticks, no overlap, on-demand ticks, back end choice. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ProcSample } from '../../../../../contract/process';
import type { SamplerBackend } from '../../../../../main/lab/host/sampler/types';
import { ProcBackend } from '../../../../../main/lab/host/sampler/proc-backend';
import {
  HZ_AUTO,
  Sampler,
  createBackend,
  resolveBackend,
  type TickInfo,
} from '../../../../../main/lab/host/sampler/sampler';
import { findLabPids } from '../../../../../main/lab/host/os-probe';
import { waitFor } from '../../../../helpers/wait';
import { Procs, fdCount, sampleUntil } from './helpers';

const RUN = `test-sampler-sampler-${process.pid}`;
const procs = new Procs(RUN);

afterEach(async () => {
  await procs.killAll();
});

afterAll(() => {
  expect(findLabPids(RUN)).toEqual([]);
});

/** A real proc back end made slow, counting how many samples run at once. */
class SlowBackend implements SamplerBackend {
  readonly name = 'proc' as const;
  readonly inner = new ProcBackend();
  running = 0;
  maxRunning = 0;
  calls = 0;
  constructor(readonly delayMs: number) {}
  async sample(roots: readonly number[], known: ReadonlyMap<number, number>): Promise<Map<number, ProcSample>> {
    this.calls++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      return await this.inner.sample(roots, known);
    } finally {
      this.running--;
    }
  }
  close(): void {
    this.inner.close();
  }
}

describe('Sampler', () => {
  it('validates the rate with a RangeError', () => {
    // 0 is auto (the default since the rate is chosen by cost); between 0 and 0.2 is refused.
    expect(() => new Sampler({ hz: 0.1 })).toThrow(RangeError);
    const s = new Sampler();
    expect(s.hz).toBe(HZ_AUTO);
    expect(s.auto).toBe(true);
    for (const bad of [0.1, 51, Number.NaN, Infinity, -1]) expect(() => s.setHz(bad)).toThrow(RangeError);
    expect(() => s.setHz(0.1)).toThrow(/between 0.2 and 50 Hz/);
    s.setHz(0.2);
    s.setHz(50);
    expect(s.hz).toBe(50);
  });

  it('auto: chooses its rate from its measured tick cost and says it; a hint samples at once', async () => {
    const pid = procs.start('sleep', ['30']).pid;
    const s = new Sampler({ backend: 'auto' });
    const ticks: TickInfo[] = [];
    s.start(
      () => ({ roots: [pid], known: new Map() }),
      (_samples, info) => ticks.push(info),
    );
    try {
      await waitFor(() => ticks.length >= 5, 'five auto ticks', 10_000);
      const used = s.used();
      expect(used.mode).toBe('auto');
      expect(used.ticks).toBeGreaterThanOrEqual(5);
      expect(used.tickMs).toBeGreaterThan(0);
      // The steady rate follows from the measured cost and the budget, within the auto range.
      expect(used.steadyHz).toBeGreaterThanOrEqual(1);
      expect(used.steadyHz).toBeLessThanOrEqual(50);
      const before = ticks.length;
      s.hint('test');
      s.hint('test again');
      await waitFor(() => ticks.slice(before).some((t) => t.hint === 'test'), 'the hinted tick', 10_000);
      // Two hints before the tick share it.
      expect(ticks.filter((t) => t.hint === 'test again')).toEqual([]);
      expect(s.used().hinted).toBeGreaterThanOrEqual(1);
    } finally {
      s.stop();
    }
    // After stop() a hint is a no-op: nothing ticks.
    const n = ticks.length;
    s.hint('stopped');
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks.length).toBe(n);
  });

  it('a fixed rate says so', () => {
    const s = new Sampler({ hz: 5 });
    expect(s.auto).toBe(false);
    expect(s.used()).toMatchObject({ mode: 'fixed', steadyHz: 5, ticks: 0 });
  });

  it('picks proc on Linux and builds both back ends', () => {
    expect(resolveBackend('auto')).toBe(process.platform === 'linux' ? 'proc' : 'portable');
    for (const kind of ['proc', 'portable'] as const) {
      const b = createBackend(kind);
      expect(b.name).toBe(kind);
      b.close();
    }
    expect(new Sampler({ backend: 'portable' }).backendName).toBe('portable');
  });

  it('ticks at the rate, stops, and releases its fds on stop()', async () => {
    const p = procs.start('sleep', ['30']);
    // A just-started process is briefly R (exec, loading): first wait for the sleep to sleep.
    const probe = createBackend('proc');
    try {
      await sampleUntil(probe, [p.pid], (m) => m.get(p.pid)?.state === 'S', 3000, 'sleep to be sleeping');
    } finally {
      probe.close();
    }
    const before = fdCount();
    const s = new Sampler({ hz: 20 });
    const ticks: { samples: Map<number, ProcSample>; info: TickInfo }[] = [];
    s.start(
      () => ({ roots: [p.pid], known: new Map() }),
      (samples, info) => ticks.push({ samples, info }),
    );
    expect(s.running).toBe(true);
    await waitFor(() => ticks.length >= 4, '4 ticks', 3000);
    s.stop();
    expect(s.running).toBe(false);
    const n = ticks.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(ticks.length).toBe(n);
    expect(ticks.map((t) => t.info.seq)).toEqual(ticks.map((_, i) => i + 1));
    for (const t of ticks) {
      expect(t.samples.get(p.pid)?.state).toBe('S');
      expect(t.info.backend).toBe('proc');
      expect(t.info.manual).toBe(false);
    }
    expect(fdCount()).toBe(before);
  });

  it('never overlaps ticks: a slow tick makes the timer skip, not queue', async () => {
    const p = procs.start('sleep', ['30']);
    const slow = new SlowBackend(120);
    const s = new Sampler({ backend: slow, hz: 50 });
    const infos: TickInfo[] = [];
    s.start(
      () => ({ roots: [p.pid], known: new Map() }),
      (_m, info) => infos.push(info),
    );
    await waitFor(() => infos.length >= 3, '3 slow ticks', 3000);
    // A manual tick meanwhile waits for the running one instead of overlapping it.
    const manual = await s.tickOnce();
    expect(manual.has(p.pid)).toBe(true);
    s.stop();
    expect(slow.maxRunning).toBe(1);
    expect(infos.some((i) => i.skipped > 0)).toBe(true);
    expect(infos.some((i) => i.manual)).toBe(true);
    // 120 ms ticks at a 20 ms period: about one tick per 120 ms, not one per 20 ms.
    expect(slow.calls).toBeLessThanOrEqual(infos.length + 1);
  });

  it('tickOnce() samples on demand with explicit targets', async () => {
    const p = procs.start('sh', ['-c', 'sleep 30 & wait']);
    const s = new Sampler({ backend: 'portable' });
    try {
      await expect(s.tickOnce()).rejects.toThrow(/needs targets/);
      const m = await waitFor(
        async () => {
          const m = await s.tickOnce({ roots: [p.pid], known: new Map() });
          return m.size === 2 ? m : null;
        },
        'sh and its sleep',
        3000,
      );
      expect(m.get(p.pid)?.ppid).toBe(process.pid);
    } finally {
      s.stop();
    }
  });

  it('setHz() while running changes the period', async () => {
    const p = procs.start('sleep', ['30']);
    const s = new Sampler({ hz: 0.2 });
    let n = 0;
    s.start(
      () => ({ roots: [p.pid], known: new Map() }),
      () => n++,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(n).toBe(0); // first tick only after 5 s at 0.2 Hz
    s.setHz(40);
    await waitFor(() => n >= 3, '3 ticks at 40 Hz', 2000);
    s.stop();
  });
});
