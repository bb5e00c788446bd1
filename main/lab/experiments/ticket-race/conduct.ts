/** The ticket-race experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { lstatSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { factWriter, type ScheduleLogEntry, type TicketRaceFacts } from '../../../../contract/experiments';
import { LabError } from '../../common/errors';
import type { RunHandle } from '../../host/run/run';
import { byName, mainExited, mainGone } from '../../host/conduct-helpers';
import { safetyFault } from './safety';
import { DB_PREFIX, buyerName, ticketOptions, type TicketOptions } from './info';

function marks(run: RunHandle, label: string): Array<{ t: number; detail: unknown }> {
  return run
    .events()
    .flatMap((e) =>
      e.type === 'mark' && e.label === label ? [{ t: e.t, detail: 'detail' in e ? e.detail : undefined }] : [],
    );
}

/** Lets the event loop handle I/O (the child's IPC, the timers) between two samples. */
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Resumes the scheduled buyers in the schedule's order. The supervisor, not main, does it:
 * a SIGCONT that arrives before the buyer's own SIGSTOP is lost and the buyer stays frozen
 * forever, so each resume must wait until the stop is *seen* — and the sampler, which reads the
 * state from the OS (`/proc/<pid>/stat` or `ps`), is on this side. Sending it through
 * `run.signal` also checks the pid belongs to the run and puts every SIGCONT on the timeline.
 */
async function resumeInOrder(run: RunHandle, o: TicketOptions): Promise<void> {
  const waitMs = 20_000 + o.buyers * (2 * o.latencyMs + 1000);
  const log: ScheduleLogEntry[] = [];
  const fact = factWriter<TicketRaceFacts>(run);
  fact('resumedBy', 'the lab (supervisor), after the sampler saw state T');
  for (let k = 1; k <= o.repeat; k++) {
    for (const step of o.steps) {
      const name = buyerName(step.buyer, k, o.repeat);
      const label = `${name}:${step.at}`;
      const arrived = (l: string) => (): boolean => marks(run, 'checkpoint').some((m) => m.detail === l);
      await run.waitUntil(() => arrived(label)() || mainGone(run), waitMs, `${name} at checkpoint ${step.at}`);
      // Main gone first: the run was stopped (or main failed, which its exit code and log show).
      // Nobody is left to resume.
      if (!arrived(label)()) return;
      const rec = byName(run, name);
      if (!rec) throw new LabError('not-possible', `${name} reached checkpoint ${step.at} but is not in the run`);
      // The child reported before stopping itself: sample afresh until the OS shows it stopped.
      const until = Date.now() + 5000;
      do {
        await run.sampleNow();
        if (rec.state !== 'T') await yieldToLoop();
      } while (rec.state !== 'T' && rec.state !== 'exited' && !mainGone(run) && Date.now() < until);
      if (mainGone(run)) return;
      if (rec.state !== 'T')
        throw new LabError(
          'not-possible',
          `${name} said it was at checkpoint ${step.at} but was not seen stopped (state ${rec.state})`,
        );
      // SIGCONT: the only way past a SIGSTOP. The buyer goes on from its checkpoint.
      run.signal(rec.pid, 'SIGCONT', 'lab');
      const resumed = run.events().findLast((e) => e.type === 'signalled' && e.pid === rec.pid);
      // The step is done when the buyer has read and reached its write checkpoint (r), or has
      // written and ended (w): only then may the next step's buyer move.
      const done = step.at === 'r' ? arrived(`${name}:w`) : (): boolean => rec.state === 'exited';
      await run.waitUntil(() => done() || mainGone(run), waitMs, `${name} to finish step ${step.at}`);
      const start = marks(run, 'round-start').find((m) => m.detail === k)?.t ?? 0;
      const at = marks(run, 'checkpoint').find((m) => m.detail === label)?.t;
      log.push({
        round: k,
        step: `${step.at}${step.buyer}`,
        name,
        pid: rec.pid,
        arrivedMs: at === undefined ? null : Math.round(at - start),
        resumedMs: resumed ? Math.round(resumed.t - start) : null,
      });
      // Recorded step by step, so a run ended half-way still shows the steps it took.
      fact('scheduleLog', [...log]);
    }
  }
}

/**
 * The db file main announced, if it is in one of our own temp folders. The lab reads what
 * this names (and sends it to the view) and removes its folder: nothing else, whatever a
 * mark says.
 */
function ownDbFile(run: RunHandle): string | null {
  const db = marks(run, 'db-file')[0]?.detail;
  if (typeof db !== 'string') return null;
  const dir = dirname(resolve(db));
  if (dirname(dir) !== resolve(tmpdir()) || !basename(dir).startsWith(DB_PREFIX)) return null;
  try {
    // The folder itself, not a link to one elsewhere, and ours (the path is only text).
    const st = lstatSync(dir);
    if (!st.isDirectory() || realpathSync(dir) !== join(realpathSync(tmpdir()), basename(dir))) return null;
    if (process.getuid && st.uid !== process.getuid()) return null;
  } catch {
    return null;
  }
  return resolve(db);
}

/** Removes the run's db folder (main leaves it to the lab). */
function removeDbFolder(run: RunHandle): void {
  const db = ownDbFile(run);
  if (db) rmSync(dirname(db), { recursive: true, force: true });
}

export const conduct: Conduct = async (run, opts) => {
  const o = ticketOptions(opts);
  try {
    // The db file, as the buyers leave it, read by the lab (not told by any buyer).
    await run.waitUntil(() => marks(run, 'db-file').length > 0 || mainGone(run), 2 ** 31 - 1, 'the db file');
    const db = ownDbFile(run);
    if (db) run.watchFile(db);
    if (o.steps.length > 0) {
      try {
        await resumeInOrder(run, o);
      } catch (err) {
        // Buyers frozen at a checkpoint would keep main joining them forever: end the run.
        run.endNow();
        throw err;
      }
    }
    // However the run ends, main is reaped by then (records are closed on the last tick).
    await mainExited(run, 2 ** 31 - 1);
    // A safe mode that lost a sale or left a buyer without an answer: the report's error.
    const fault = safetyFault(run.facts());
    if (fault) throw new Error(fault);
  } finally {
    // Main and its buyers gone first (a failed step ends the run: they are being ended), so
    // the file holds its last version; one more read (a tick reads every watched file), then
    // the folder goes. The run waits for this before its last tick, stopped or not.
    await mainExited(run, 10_000).catch(() => undefined);
    await run.sampleNow();
    removeDbFolder(run);
  }
};
