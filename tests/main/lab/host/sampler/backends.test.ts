/**
 * Both back ends against real processes: zombies, stopped processes, descendants, reused and
 * vanished pids, odd command names, CPU, and fd hygiene. The `proc` back end runs twice: with
 * the per-thread `children` files and with its full-scan fallback.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SamplerBackend } from '../../../../../main/lab/host/sampler/types';
import { PortableBackend } from '../../../../../main/lab/host/sampler/portable-backend';
import { ProcBackend } from '../../../../../main/lab/host/sampler/proc-backend';
import { findLabPids } from '../../../../../main/lab/host/os-probe';
import { waitFor } from '../../../../helpers/wait';
import { Procs, childrenIn, fdCount, sampleUntil } from './helpers';

const RUN = `test-sampler-backends-${process.pid}`;
const procs = new Procs(RUN);

afterEach(async () => {
  await procs.killAll();
});

afterAll(() => {
  expect(findLabPids(RUN)).toEqual([]);
});

/** [name, factory, keeps fds while sampling, CPU precise to a clock tick] */
const cases: [string, () => SamplerBackend, boolean, boolean][] = [
  ['proc', () => new ProcBackend(), true, true],
  ['proc (scan fallback)', () => new ProcBackend({ discovery: 'scan' }), true, true],
  ['portable', () => new PortableBackend(), true, true],
  // pidusage over ps: no fds, but cputime in whole seconds, so CPU % is not checked.
  ['portable (usePs)', () => new PortableBackend({ usePs: true }), false, false],
];

describe.each(cases)('%s back end', (_name, make, keepsFds, preciseCpu) => {
  it('reports a real zombie descendant with state Z', async () => {
    // sh execs sleep, which never waits: the backgrounded short sleep becomes a zombie.
    const root = procs.start('sh', ['-c', 'sleep 0.05 & exec sleep 30']);
    const b = make();
    try {
      const m = await sampleUntil(
        b,
        [root.pid],
        (m) => m.get(root.pid)?.state === 'S' && childrenIn(m, root.pid).some((s) => s.state === 'Z'),
        3000,
        'a zombie under a sleeping parent',
      );
      const z = childrenIn(m, root.pid).find((s) => s.state === 'Z');
      expect(z).toBeDefined();
      expect(z?.rss).toBe(0);
      expect(m.get(root.pid)?.state).toBe('S');
    } finally {
      b.close();
    }
  });

  it('reports a stopped process as T, and not T after SIGCONT', async () => {
    const p = procs.start('sleep', ['30']);
    const b = make();
    try {
      await sampleUntil(b, [p.pid], (m) => m.get(p.pid)?.state === 'S', 3000, 'sleep to be sleeping');
      process.kill(p.pid, 'SIGSTOP');
      await sampleUntil(b, [p.pid], (m) => m.get(p.pid)?.state === 'T', 3000, 'state T');
      process.kill(p.pid, 'SIGCONT');
      const m = await sampleUntil(b, [p.pid], (m) => m.get(p.pid)?.state !== 'T', 3000, 'leaving T');
      expect(m.get(p.pid)?.state).toMatch(/^[SR]$/);
    } finally {
      b.close();
    }
  });

  it('finds grandchildren of a root with their parents', async () => {
    const root = procs.start('sh', ['-c', 'sh -c "sleep 30 & sleep 30 & wait" & wait']);
    const b = make();
    try {
      // Wait for all four to be up and settled (a just-forked child is briefly R).
      const settled = (m: Map<number, { state: string }>): boolean =>
        m.size >= 4 && [...m.values()].every((s) => s.state === 'S');
      const m = await sampleUntil(b, [root.pid], settled, 3000, 'root, middle sh and two sleeps, all sleeping');
      expect(m.size).toBe(4);
      const [middle, ...more] = childrenIn(m, root.pid);
      expect(more).toEqual([]);
      expect(middle).toBeDefined();
      const grandchildren = childrenIn(m, middle?.pid ?? -1);
      expect(grandchildren).toHaveLength(2);
      for (const g of grandchildren) expect(g.state).toBe('S');
      expect(m.get(root.pid)?.ppid).toBe(process.pid);
    } finally {
      b.close();
    }
  });

  it('follows known pids outside the roots, and rejects one with a wrong start time', async () => {
    const p = procs.start('sleep', ['30']);
    const b = make();
    try {
      const first = await sampleUntil(b, [p.pid], (m) => m.has(p.pid), 3000, 'the sleep');
      const start = first.get(p.pid)?.startTime ?? 0;
      const ok = await b.sample([], new Map([[p.pid, start]]));
      expect(ok.get(p.pid)?.startTime).toBe(start);
      // The same pid recorded with another start time stands for an earlier process: the live
      // one is someone else and must not be reported.
      const wrong = await b.sample([], new Map([[p.pid, start - 5000]]));
      expect(wrong.has(p.pid)).toBe(false);
      // Same when it is reached as a root.
      const asRoot = await b.sample([p.pid], new Map([[p.pid, start + 5000]]));
      expect(asRoot.has(p.pid)).toBe(false);
    } finally {
      b.close();
    }
  });

  it('drops a pid that vanished (root or known)', async () => {
    const a = procs.start('sleep', ['30']);
    const c = procs.start('sleep', ['30']);
    const b = make();
    try {
      const m = await sampleUntil(b, [a.pid, c.pid], (m) => m.has(a.pid) && m.has(c.pid), 3000, 'both sleeps');
      const known = new Map([[a.pid, m.get(a.pid)?.startTime ?? 0]]);
      await procs.kill(a);
      const after = await b.sample([a.pid, c.pid], known);
      expect(after.has(a.pid)).toBe(false);
      expect(after.has(c.pid)).toBe(true);
      expect((await b.sample([], known)).size).toBe(0);
    } finally {
      b.close();
    }
  });

  it('parses a command name with spaces and parentheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sampler-comm-'));
    try {
      // comm is the executable's file name: make it look like the end of the comm field.
      const odd = join(dir, 'x) S (y 1 2');
      symlinkSync('/bin/sleep', odd);
      const p = procs.start(odd, ['30']);
      const b = make();
      try {
        const m = await sampleUntil(b, [p.pid], (m) => m.get(p.pid)?.state === 'S', 3000, 'the odd sleep');
        expect(m.get(p.pid)?.ppid).toBe(process.pid);
        expect(m.get(p.pid)?.rss).toBeGreaterThan(0);
      } finally {
        b.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(preciseCpu)('measures CPU: a busy loop shows busy, a sleep near 0', async () => {
    const busy = procs.start('sh', ['-c', 'while :; do :; done']);
    const idle = procs.start('sleep', ['30']);
    // Let the loop run a little first: a first sample is the lifetime average, so a busy
    // process is seen busy at once instead of ramping up from 0 with the smoothing.
    await new Promise((r) => setTimeout(r, 300));
    const b = make();
    try {
      const m = await sampleUntil(
        b,
        [busy.pid, idle.pid],
        // 40, not ~100: on a loaded two-core machine the loop may get well under a full core.
        (m) => (m.get(busy.pid)?.cpu ?? 0) > 40 && m.has(idle.pid),
        4000,
        'busy loop above 40 %',
      );
      expect(m.get(busy.pid)?.cpu).toBeLessThan(130);
      expect(m.get(idle.pid)?.cpu).toBeLessThan(5);
    } finally {
      b.close();
    }
  });

  it('leaves no file descriptor open after close()', async () => {
    const tree = procs.start('sh', [
      '-c',
      'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do sleep 30 & done; wait',
    ]);
    const extra = procs.start('sleep', ['30']);
    await waitFor(() => (findLabPids(RUN)?.length ?? 0) >= 21, '21 tagged processes', 3000);
    const before = fdCount();
    const b = make();
    const m = await sampleUntil(b, [tree.pid, extra.pid], (m) => m.size === 21, 3000, '21 samples');
    const known = new Map([...m.values()].map((s) => [s.pid, s.startTime]));
    await b.sample([tree.pid, extra.pid], known);
    if (keepsFds) expect(fdCount()).toBeGreaterThan(before); // it does keep fds while sampling…
    // …drops the fd of one that died…
    await procs.kill(extra);
    const after = await b.sample([tree.pid, extra.pid], known);
    expect(after.size).toBe(20);
    await b.sample([tree.pid], known);
    b.close();
    // …and keeps none after close().
    expect(fdCount()).toBe(before);
    b.close(); // idempotent
    expect(fdCount()).toBe(before);
  });
});
