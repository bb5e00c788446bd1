/**
 * The view folds pushed events once per animation frame: a frame delivers every event pushed
 * since the previous one, in order; nothing waits past the next frame, and a page with no
 * frames (a hidden tab) still gets them after the fallback wait.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameBatch, type FrameScheduler } from '../../../renderer/src/lib/frame-batch';

/** Frames the test runs by hand, like the page's requestAnimationFrame. */
function handFrames(): FrameScheduler & { run: () => void; waiting: () => number } {
  let next = 1;
  const callbacks = new Map<number, () => void>();
  return {
    request: (f) => (callbacks.set(next, f), next++),
    cancel: (id) => void callbacks.delete(id),
    run: () => {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const f of due) f();
    },
    waiting: () => callbacks.size,
  };
}

afterEach(() => vi.useRealTimers());

describe('FrameBatch', () => {
  it('delivers every push since the last frame, in order, once, at the next frame', () => {
    const frames = handFrames();
    const got: number[][] = [];
    const b = new FrameBatch<number>((xs) => got.push(xs), { frames });
    b.push([1, 2]);
    b.push([3]);
    b.push([]);
    b.push([4, 5]);
    expect(got).toEqual([]);
    expect(frames.waiting()).toBe(1);
    frames.run();
    expect(got).toEqual([[1, 2, 3, 4, 5]]);
    frames.run();
    expect(got).toHaveLength(1);
    b.push([6]);
    frames.run();
    expect(got).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it('delivers after the fallback wait when no frame comes (a hidden page)', () => {
    vi.useFakeTimers();
    const frames = handFrames();
    const got: string[][] = [];
    const b = new FrameBatch<string>((xs) => got.push(xs), { frames, maxWaitMs: 250 });
    b.push(['exited']);
    vi.advanceTimersByTime(249);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual([['exited']]);
    // The frame that comes later has nothing left to deliver.
    frames.run();
    expect(got).toHaveLength(1);
  });

  it('flush delivers at once; dispose drops what waits and stops the timers', () => {
    vi.useFakeTimers();
    const frames = handFrames();
    const got: number[][] = [];
    const b = new FrameBatch<number>((xs) => got.push(xs), { frames });
    b.push([1]);
    b.flush();
    expect(got).toEqual([[1]]);
    expect(frames.waiting()).toBe(0);
    b.push([2]);
    b.dispose();
    frames.run();
    vi.advanceTimersByTime(1000);
    expect(got).toEqual([[1]]);
  });
});
