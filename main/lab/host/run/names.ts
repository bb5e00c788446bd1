/**
 * Process names for a run, without blocking the app's thread: on Linux `/proc/<pid>/comm` is
 * read at once (a small file, no process started); elsewhere a lookup (`ps`) runs in the
 * background and the answer is there from the next call on (a tick later).
 */
import { processName, processNameNow } from '../os-probe';

export class Names {
  readonly #answers = new Map<number, string | null>();
  readonly #asking = new Set<number>();

  /** The OS's name for `pid` now, or (where it must be asked) the last answer; null if none yet. */
  get(pid: number): string | null {
    const now = processNameNow(pid);
    if (now !== undefined) return now;
    if (!this.#asking.has(pid)) {
      this.#asking.add(pid);
      void processName(pid).then((name) => {
        this.#answers.set(pid, name);
        this.#asking.delete(pid);
      });
    }
    return this.#answers.get(pid) ?? null;
  }

  /** `get`, or `pid N` when there is no name (yet). */
  label(pid: number): string {
    return this.get(pid) ?? placeholderName(pid);
  }
}

/** The name of a process whose name the lab does not know (yet). */
export function placeholderName(pid: number): string {
  return `pid ${pid}`;
}
