/**
 * Temp folders of a run, named by its run id (`process-lab-<kind>-<runId>-XXXXXX` under the
 * OS temp folder), so that a host killed with -9 — which never gets to remove them — leaves
 * something the next sweep can tie to a run and remove once that run is gone.
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLabPids } from '../os-probe';

const NAME = /^process-lab-[a-z]+-([\w-]{1,64}?)-[A-Za-z0-9]{6}$/;
const RUN_ID = /^[\w-]{1,64}$/;

/**
 * Makes a temp folder for `kind` (e.g. `ticket`) named by the run id this process carries in
 * `PROCESS_LAB_RUN` (every process the lab starts has it); without one, a plain folder.
 */
export function makeRunTemp(kind: string, runId = process.env.PROCESS_LAB_RUN): string {
  const id = runId && RUN_ID.test(runId) ? runId : 'norun';
  return mkdtempSync(join(tmpdir(), `process-lab-${kind}-${id}-`));
}

/** The run id a temp folder's name carries, or null if it is not one of ours. */
export function runIdOfTemp(name: string): string | null {
  const m = NAME.exec(name);
  return m && m[1] !== 'norun' ? (m[1] ?? null) : null;
}

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
