/** A run's wait conditions: predicates re-checked after every tick and message. */
import { LabError } from '../../common/errors';

export class Waits {
  readonly #checks = new Set<() => void>();

  /** Re-checks every pending wait (after a tick, a message, or the group's end). */
  notify(): void {
    for (const check of [...this.#checks]) check();
  }

  /**
   * Resolves once `pred` holds; rejects on timeout, or (code `run-ended`) once `ended()` says
   * every process of the run is gone and it still does not hold.
   */
  until(pred: () => boolean, timeoutMs: number, what: string, ended: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (pred()) {
          cleanup();
          resolve();
        } else if (ended()) {
          // Every process of the run is gone: what is waited for can no longer happen.
          cleanup();
          reject(new LabError('run-ended', `the run ended before ${what}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new LabError('not-possible', `timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#checks.delete(check);
      };
      this.#checks.add(check);
      check();
    });
  }
}
