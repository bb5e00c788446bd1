/**
 * The two back ends describe the same live processes the same way.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PortableBackend } from '../../../../../main/lab/host/sampler/portable-backend';
import { ProcBackend } from '../../../../../main/lab/host/sampler/proc-backend';
import { findLabPids } from '../../../../../main/lab/host/os-probe';
import { Procs, sampleUntil } from './helpers';

const RUN = `test-sampler-agreement-${process.pid}`;
const procs = new Procs(RUN);

afterEach(async () => {
  await procs.killAll();
});

afterAll(() => {
  expect(findLabPids(RUN)).toEqual([]);
});

describe('proc and portable back ends', () => {
  it('agree on pids, ppids, states, start times and RSS', async () => {
    const root = procs.start('sh', [
      '-c',
      'for i in 1 2 3 4 5; do sleep 30 & done; sh -c "sleep 30 & sleep 30 & wait" & wait',
    ]);
    const proc = new ProcBackend();
    const portable = new PortableBackend();
    try {
      // 1 root + 5 sleeps + middle sh + 2 sleeps.
      // All up and settled (a just-forked child is briefly R).
      const full = (m: Map<number, { state: string }>): boolean =>
        m.size === 9 && [...m.values()].every((s) => s.state === 'S');
      await sampleUntil(proc, [root.pid], full, 3000, 'the whole tree (proc)');
      const a = await proc.sample([root.pid], new Map());
      const b = await sampleUntil(portable, [root.pid], full, 3000, 'the whole tree (portable)');

      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [pid, x] of a) {
        const y = b.get(pid);
        expect(y, `pid ${pid}`).toBeDefined();
        if (!y) continue;
        expect(Object.keys(y).sort()).toEqual(Object.keys(x).sort());
        expect(y.ppid).toBe(x.ppid);
        expect(x.state).toBe('S');
        expect(y.state).toBe('S');
        expect(Math.abs(y.startTime - x.startTime), `start time of ${pid}`).toBeLessThanOrEqual(20);
        expect(Math.abs(y.rss - x.rss)).toBeLessThanOrEqual(x.rss * 0.1);
        expect(typeof y.cpu).toBe('number');
      }
    } finally {
      proc.close();
      portable.close();
    }
  });

  it('each gives a stable start time for the same process across ticks', async () => {
    const p = procs.start('sleep', ['30']);
    for (const b of [new ProcBackend(), new PortableBackend()]) {
      try {
        const first = await sampleUntil(b, [p.pid], (m) => m.has(p.pid));
        const s0 = first.get(p.pid)?.startTime;
        for (let i = 0; i < 5; i++) expect((await b.sample([p.pid], new Map())).get(p.pid)?.startTime).toBe(s0);
        // And close to the moment we started it.
        expect(Math.abs((s0 ?? 0) - Date.now())).toBeLessThan(10_000);
      } finally {
        b.close();
      }
    }
  });
});
