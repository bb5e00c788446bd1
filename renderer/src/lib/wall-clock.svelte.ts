/**
 * The wall clock the progress bars read: a rune that ticks every 100 ms while something is going
 * on, and not otherwise (an idle page wakes nothing up).
 */

/** A ticking `now`; see the module comment. */
export class WallClock {
  /** Epoch ms, as of the last tick (or the last stop). */
  now = $state(Date.now());
  #ticker: ReturnType<typeof setInterval> | null = null;

  /** Ticks while `on`; stops (at the current time) when not. */
  tickWhile(on: boolean): void {
    if (on && this.#ticker === null) this.#ticker = setInterval(() => (this.now = Date.now()), 100);
    if (!on) this.stop();
  }

  /** Stops ticking, at the current time. */
  stop(): void {
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
    this.now = Date.now();
  }
}
