/**
 * The names of a run's temp folders: `process-lab-<kind>-<runId>-XXXXXX` under the OS temp
 * folder. Made in the run's own processes (the ticket race's main), read by the host's sweep
 * (`host/run-temp.ts`), so that a host killed with -9 — which never gets to remove them — leaves
 * something the next sweep can tie to a run and remove once that run is gone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
