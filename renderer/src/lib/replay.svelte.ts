/**
 * Replaying an ended run: a playhead over its recorded events, and a {@link ProcessModel} that
 * holds the processes as they were at that instant — the report's events up to the playhead,
 * folded by the same model (and so the contract's fold) as the live stream was. Forward moves
 * fold only the events passed; a move back folds again from the start (a few thousand events at
 * most, once per move). Playing advances the playhead at a chosen speed, slower than real time
 * too, on the page's animation frames.
 */
import type { LabEvent } from '../../../contract/events';
import type { RunReport } from '../../../contract/report';
import { ProcessModel } from './process-model.svelte';

/** The speeds offered, × real time. */
export const REPLAY_SPEEDS = [0.1, 0.25, 0.5, 1, 2] as const;

/** Animation frames, or a timer where there are none (tests in jsdom). */
const frame = (f: (now: number) => void): number =>
  typeof requestAnimationFrame === 'function'
    ? requestAnimationFrame(f)
    : (setTimeout(() => f(performance.now()), 16) as unknown as number);
const cancelFrame = (id: number): void =>
  typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(id) : clearTimeout(id);

/** One ended run, replayed; see the module comment. */
export class Replay {
  readonly report: RunReport;
  /** The run's events in time order, without its usage ticks: where a step lands, what the bar counts. */
  readonly events: readonly LabEvent[];
  /**
   * Its usage ticks (kept thinned in a report: main/lab/host/run/usage-log.ts) in time order: folded
   * with the events, so the tree's CPU and the gauge show what was measured at the playhead.
   */
  readonly #usage: readonly LabEvent[];
  /** The distinct instants at which something happened: where a step lands. */
  readonly instants: readonly number[];
  /** The run's end, ms. */
  readonly endMs: number;
  /** The playhead, run-relative ms. */
  t = $state(0);
  playing = $state(false);
  speed = $state<number>(1);
  /** The processes as they were at {@link t}. */
  model = $state.raw<ProcessModel>(new ProcessModel({ keepExitedMs: Infinity }));

  /** How many of {@link events} the model has folded (state: the bar counts them). */
  #applied = $state(0);
  #usageApplied = 0;
  #frame: number | null = null;

  constructor(report: RunReport, at: number = report.wallMs) {
    this.report = report;
    const inOrder = (list: LabEvent[]): LabEvent[] =>
      list
        .map((e, i) => [e, i] as const)
        .sort((a, b) => a[0].t - b[0].t || a[1] - b[1])
        .map(([e]) => e);
    this.events = inOrder(report.events.filter((e) => e.type !== 'usage'));
    this.#usage = inOrder(report.events.filter((e) => e.type === 'usage'));
    // Distinct times of a sorted list: no Set (nor SvelteSet) needed.
    this.instants = this.events.map((e) => e.t).filter((t, i, all) => i === 0 || t !== all[i - 1]);
    this.endMs = Math.max(report.wallMs, this.instants.at(-1) ?? 0);
    this.seek(at);
  }

  /** Moves the playhead to `t` (clamped to the run) and folds the events up to it. */
  seek(t: number): void {
    const to = Math.min(this.endMs, Math.max(0, t));
    if (this.#applied > 0 && to < this.events[this.#applied - 1]!.t) {
      this.model.dispose();
      this.model = new ProcessModel({ keepExitedMs: Infinity });
      this.#applied = 0;
      this.#usageApplied = 0;
    }
    let n = this.#applied;
    while (n < this.events.length && this.events[n]!.t <= to) n++;
    let u = this.#usageApplied;
    while (u < this.#usage.length && this.#usage[u]!.t <= to) u++;
    if (n > this.#applied || u > this.#usageApplied) {
      // One batch, in time order (a tick after a process's spawn, before its exit).
      const batch = [...this.events.slice(this.#applied, n), ...this.#usage.slice(this.#usageApplied, u)];
      this.model.apply(
        batch
          .map((e, i) => [e, i] as const)
          .sort((a, b) => a[0].t - b[0].t || a[1] - b[1])
          .map(([e]) => e),
      );
      this.#applied = n;
      this.#usageApplied = u;
    }
    this.t = to;
  }

  /** How many events the playhead has passed. */
  get position(): number {
    return this.#applied;
  }

  /** To the next instant at which something happened (or the run's end). */
  stepForward(): void {
    this.pause();
    this.seek(this.instants.find((i) => i > this.t) ?? this.endMs);
  }

  /** To the previous instant at which something happened (or the start). */
  stepBack(): void {
    this.pause();
    this.seek(this.instants.findLast((i) => i < this.t) ?? 0);
  }

  home(): void {
    this.pause();
    this.seek(0);
  }

  end(): void {
    this.pause();
    this.seek(this.endMs);
  }

  /** Plays from the playhead (from the start, when it is at the end) at {@link speed}. */
  play(): void {
    if (this.playing) return;
    if (this.t >= this.endMs) this.seek(0);
    this.playing = true;
    let last: number | null = null;
    const tick = (now: number): void => {
      if (!this.playing) return;
      if (last !== null) this.seek(this.t + (now - last) * this.speed);
      last = now;
      if (this.t >= this.endMs) {
        this.pause();
        return;
      }
      this.#frame = frame(tick);
    };
    this.#frame = frame(tick);
  }

  pause(): void {
    this.playing = false;
    if (this.#frame !== null) cancelFrame(this.#frame);
    this.#frame = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  dispose(): void {
    this.pause();
    this.model.dispose();
  }
}
