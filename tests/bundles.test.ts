/**
 * The built entries keep each runtime's code where it runs: the app's entries (the Electron
 * app, `serve.js`, the CLI) and every chunk they import hold no code of the run's main child
 * or of a worker child (no proper-lockfile, no buyer, no task table, no PyProcess), while the
 * forked programs do. Read from `out/` as built (tests/global-setup.ts builds if needed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const OUT = resolve(import.meta.dirname, '../out/main');

/** An entry and every file it imports, transitively (relative imports only: the chunks). */
function closure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (file: string): void => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g))
      walk(join(dirname(file), m[1]!));
  };
  walk(join(OUT, entry));
  return files;
}

const joined = (entry: string): string => [...closure(entry).values()].join('\n');

/** Text that exists only in one runtime's sources, with where it comes from. */
const WORKER_ONLY = [
  ['proper-lockfile', 'the buyers’ lock (experiments/ticket-race/task.ts)'],
  ['ticket-buyer: expected one object argument', 'the buyer (experiments/ticket-race/task.ts)'],
  ['Runs until main closes its stdin', 'the task table (worker/tasks.ts)'],
] as const;
const RUN_MAIN_ONLY = [
  ['start() called twice', 'PyProcess (run-main/py-process.ts)'],
  ['runtime not configured: setWorkersDir() first', 'PyProcess (run-main/py-process.ts)'],
] as const;

describe('built entries', () => {
  it('the forked programs exist and hold their own runtime’s code (so the checks below can fail)', () => {
    expect(existsSync(join(OUT, 'workers/task.js'))).toBe(true);
    const task = joined('workers/task.js');
    const labMain = joined('workers/lab-main.js');
    // The comment-free build keeps strings; a marker missing here would make its check empty.
    expect(task).toContain('proper-lockfile');
    expect(task).toContain('ticket-buyer: expected one object argument');
    for (const [marker] of RUN_MAIN_ONLY) expect(labMain, marker).toContain(marker);
  });

  for (const entry of ['index.js', 'serve.js', 'cli.js']) {
    it(`${entry} and its chunks contain no worker or run-main code`, () => {
      const text = joined(entry);
      expect(text.length).toBeGreaterThan(1000);
      for (const [marker, what] of [...WORKER_ONLY, ...RUN_MAIN_ONLY])
        expect(text.includes(marker), `${entry} contains ${what}: "${marker}"`).toBe(false);
    });
  }
});
