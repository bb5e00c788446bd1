/**
 * Coalesces the engine's event batches into at most one message per short window on their way
 * to the view. The engine hands events out at once (an exit must not wait for the next sampler
 * tick), so a burst — a fork loop, 500 zombies piling up — arrives as hundreds of tiny batches;
 * the view re-folds and re-renders its whole tree for each message, so each must carry as much
 * as a frame can show at once.
 *
 * Leading edge, then throttled: a batch that finds the window closed goes out at once and opens
 * a window; what arrives inside it waits for the window's end, then goes out as one message per
 * run, in order, and opens the next window. A batch with an exit never waits (the exit → page
 * target): it goes at once with whatever waited before it, and the window starts again.
 * Nothing is dropped or reordered; {@link EventCoalescer.flush} sends what waits at once (before
 * a run's end, so `runEnded` never overtakes its last events).
 */
import type { LabEvent } from '../../../contract/events';

/** The window: one frame at 60 Hz, so a burst without exits reaches the page once per frame. */
export const COALESCE_WINDOW_MS = 16;

/** See the module comment. */
export class EventCoalescer {
  /** Events waiting for the window's end, per run, in arrival order (a Map keeps insertion order). */
  #pending = new Map<string, LabEvent[]>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param send receives each outgoing batch (one run's events, in the order they came).
   * @param windowMs the shortest gap between two messages of a burst.
   */
  constructor(
    private readonly send: (events: LabEvent[]) => void,
    private readonly windowMs = COALESCE_WINDOW_MS,
  ) {}

  /** Takes one batch from the engine: sent at once when no window is open, else held for it. */
  add(events: readonly LabEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) {
      const list = this.#pending.get(e.runId);
      if (list) list.push(e);
      else this.#pending.set(e.runId, [e]);
    }
    if (this.#timer === null) this.#sendAndOpen();
    // An exit is what a student waits to see (the exit → page target): it never waits for the
    // window; it takes what waits with it, in order, and the window starts again from it.
    else if (events.some((e) => e.type === 'exited')) {
      this.#close();
      this.#sendAndOpen();
    }
  }

  /** Sends everything waiting now and closes the window (a run ends, the door closes). */
  flush(): void {
    this.#close();
    this.#sendPending();
  }

  /** Stops the timer; what still waits is sent first, so nothing is lost. */
  dispose(): void {
    this.flush();
  }

  #sendAndOpen(): void {
    this.#sendPending();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // Something came in during the window: send it and keep throttling; else the window closes.
      if (this.#pending.size > 0) this.#sendAndOpen();
    }, this.windowMs);
    // The window alone must not keep a process (a test, the CLI) alive.
    this.#timer.unref?.();
  }

  #sendPending(): void {
    const batches = [...this.#pending.values()];
    this.#pending.clear();
    for (const b of batches) this.send(b);
  }

  #close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
