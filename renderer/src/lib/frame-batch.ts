/**
 * Events held until the next animation frame, then handed over in one batch: the view folds and
 * draws once per frame however many pushes arrived before it (at 500 processes one frame's
 * style, layout and paint is the cost, so doing it once per push was most of the tick).
 *
 * Nothing is dropped and the order is kept: a frame gets every event pushed since the previous
 * one, in arrival order. An exit is drawn in the very next frame, as a push applied at once
 * would have been (the page paints only at frames). A hidden page gets no animation frames, so
 * a timer takes over after {@link FrameBatch.maxWaitMs}: events are still folded (the model
 * stays current for the timers and the replay) without piling up.
 */

/** Animation frames where the page has them; a timer otherwise (jsdom without `pretendToBeVisual`). */
export interface FrameScheduler {
  request: (f: () => void) => number;
  cancel: (id: number) => void;
}

const browserFrames = (): FrameScheduler | null =>
  typeof requestAnimationFrame === 'function'
    ? { request: (f) => requestAnimationFrame(() => f()), cancel: (id) => cancelAnimationFrame(id) }
    : null;

/** Collects items and delivers them once per frame; see the module comment. */
export class FrameBatch<T> {
  /** Delivered after this long even with no frame (a hidden tab), ms. */
  readonly maxWaitMs: number;
  #pending: T[] = [];
  #frame: number | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #deliver: (items: T[]) => void;
  #frames: FrameScheduler | null;

  constructor(deliver: (items: T[]) => void, opts: { maxWaitMs?: number; frames?: FrameScheduler | null } = {}) {
    this.#deliver = deliver;
    this.maxWaitMs = opts.maxWaitMs ?? 250;
    this.#frames = opts.frames === undefined ? browserFrames() : opts.frames;
  }

  /** Items waiting for the next frame. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Queues items for the next frame. */
  push(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const i of items) this.#pending.push(i);
    if (this.#frame === null && this.#frames) this.#frame = this.#frames.request(() => this.flush());
    // With no frames at all, the timer is the frame (16 ms); with frames, only the fallback.
    if (this.#timer === null) this.#timer = setTimeout(() => this.flush(), this.#frames ? this.maxWaitMs : 16);
  }

  /** Delivers what is waiting now (a frame came, or something must see the events first). */
  flush(): void {
    this.#cancel();
    if (this.#pending.length === 0) return;
    const items = this.#pending;
    this.#pending = [];
    this.#deliver(items);
  }

  /** Drops what is waiting and stops the timers (the page is going away). */
  dispose(): void {
    this.#cancel();
    this.#pending = [];
  }

  #cancel(): void {
    if (this.#frame !== null) this.#frames?.cancel(this.#frame);
    this.#frame = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
