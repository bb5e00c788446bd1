/**
 * The coalescer between the engine's event batches and the view: a lone batch goes out at once,
 * a burst leaves as one message per run per window, in order, nothing lost; a flush sends what
 * waits at once. Behaviour only (message counts and order), never timings.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../contract/events';
import { EventCoalescer } from '../../../../main/lab/host/event-coalescer';

const ready = (runId: string, pid: number): LabEvent => ({ type: 'ready', runId, pid, t: pid });

function collect(windowMs?: number) {
  const sent: LabEvent[][] = [];
  const c = new EventCoalescer((b) => sent.push(b), windowMs);
  return { c, sent };
}

describe('EventCoalescer', () => {
  it('sends a lone batch at once (an exit is not held back)', () => {
    const { c, sent } = collect();
    const exit: LabEvent = { type: 'exited', runId: 'r1', pid: 7, t: 1, exitCode: 0, signal: null, pyExitcode: 0 };
    c.add([exit]);
    expect(sent).toEqual([[exit]]);
    c.dispose();
  });

  it('sends an exit inside an open window at once, with what waited before it, in order', () => {
    const { c, sent } = collect(60_000);
    c.add([ready('r1', 1)]);
    c.add([ready('r1', 2)]);
    const exit: LabEvent = { type: 'exited', runId: 'r1', pid: 2, t: 3, exitCode: 0, signal: null, pyExitcode: 0 };
    c.add([exit]);
    expect(sent).toEqual([[ready('r1', 1)], [ready('r1', 2), exit]]);
    // The window starts again from the exit: a batch right behind it waits.
    c.add([ready('r1', 4)]);
    expect(sent).toHaveLength(2);
    c.dispose();
    expect(sent.flat().map((e) => e.t)).toEqual([1, 2, 3, 4]);
  });

  it('turns a burst of 100 batches into 2 messages, in order, none lost', async () => {
    const { c, sent } = collect();
    const all = Array.from({ length: 100 }, (_, i) => ready('r1', 1000 + i));
    for (const e of all) c.add([e]);
    // The first at once; the other 99 wait for the window's end.
    expect(sent).toHaveLength(1);
    await expect.poll(() => sent.length, { timeout: 2000, interval: 5 }).toBe(2);
    expect(sent.flat()).toEqual(all);
    c.dispose();
  });

  it('keeps throttling while the burst goes on, and every message is one run’s', async () => {
    const { c, sent } = collect(20);
    const all: LabEvent[] = [];
    // Batches on successive turns of the event loop, as the engine emits them, two runs mixed.
    for (let i = 0; i < 60; i++) {
      const e = ready(i % 3 === 0 ? 'r2' : 'r1', 2000 + i);
      all.push(e);
      c.add([e]);
      await new Promise((r) => setImmediate(r));
    }
    c.flush();
    // Fewer messages than batches, none mixing runs, and each run's events in their own order.
    expect(sent.length).toBeLessThan(60);
    for (const b of sent) expect(new Set(b.map((e) => e.runId)).size).toBe(1);
    for (const run of ['r1', 'r2'])
      expect(sent.flat().filter((e) => e.runId === run)).toEqual(all.filter((e) => e.runId === run));
    c.dispose();
  });

  it('flush sends what waits at once, and nothing is sent twice', () => {
    const { c, sent } = collect(60_000);
    c.add([ready('r1', 1)]);
    c.add([ready('r1', 2), ready('r1', 3)]);
    expect(sent).toHaveLength(1);
    c.flush();
    expect(sent).toEqual([[ready('r1', 1)], [ready('r1', 2), ready('r1', 3)]]);
    // The window is closed by the flush: the next lone batch goes at once again.
    c.add([ready('r1', 4)]);
    expect(sent).toHaveLength(3);
    c.dispose();
    expect(sent.flat().map((e) => e.pid)).toEqual([1, 2, 3, 4]);
  });
});
