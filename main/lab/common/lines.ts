/**
 * The one reader of a child's output, used by every runtime that starts processes (the run in
 * the app, main's `Process` and its plain commands): each complete line of its stdout and
 * stderr, in order, tagged with the stream it came on.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

/** What a child with piped output looks like (a ChildProcess, for one). */
export interface Piped {
  stdout: Readable | null;
  stderr: Readable | null;
}

/** Calls `onLine` for every line of `child`'s stdout and stderr (streams not piped are skipped). */
export function readLines(child: Piped, onLine: (stream: 'stdout' | 'stderr', line: string) => void): void {
  for (const [stream, src] of [
    ['stdout', child.stdout],
    ['stderr', child.stderr],
  ] as const) {
    if (src) createInterface({ input: src }).on('line', (line) => onLine(stream, line));
  }
}
