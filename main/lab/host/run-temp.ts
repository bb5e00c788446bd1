/**
 * The sweep of a run's temp folders (named by run id: `common/run-temp-name.ts`): once their
 * run is gone, they go too.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIdOfTemp } from '../common/run-temp-name';
import { findLabPids } from './os-probe';

export { makeRunTemp, runIdOfTemp } from '../common/run-temp-name';

/**
 * Removes run temp folders whose run is gone: not `alive(runId)`, no process carrying its tag
 * (where the OS shows it), and untouched for `graceMs` (a run's host removes its own folder a
 * moment after its last process ends: that moment is not a leftover). Only real folders owned
 * by this user, never through a link. Returns the folders removed.
 */
export function sweepRunTemps(alive: (runId: string) => boolean, graceMs = 10_000): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return removed;
  }
  const me = process.getuid?.();
  for (const name of names) {
    const runId = runIdOfTemp(name);
    if (!runId || alive(runId)) continue;
    const dir = join(tmpdir(), name);
    try {
      const st = lstatSync(dir);
      if (!st.isDirectory() || (me !== undefined && st.uid !== me)) continue;
      if (Date.now() - st.mtimeMs < graceMs) continue;
      if ((findLabPids(runId) ?? []).length > 0) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
  return removed;
}
