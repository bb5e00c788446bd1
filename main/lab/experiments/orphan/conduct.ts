/** The orphan experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { factWriter, type OrphanFacts } from '../../../../contract/experiments';
import { byName, firstEvent, ms } from '../../host/conduct-helpers';

export const conduct: Conduct = async (run, opts) => {
  const wait = ((opts.childMs as number) + (opts.parentMs as number)) * opts.timeScale + 10_000;
  await run.waitUntil(() => byName(run, 'orphan') !== undefined, wait, 'the orphan to start');
  const o = byName(run, 'orphan')!;
  const fact = factWriter<OrphanFacts>(run);
  fact('orphanPid', o.pid);
  await run.waitUntil(() => o.ppids.length > 1 || o.state === 'exited', wait, 'the orphan to be adopted');
  const moved = firstEvent(run, o.pid, 'reparented');
  fact('adoptedByPid', moved?.to ?? null);
  fact('adoptedByName', moved?.toName ?? null);
  fact('adoptedAtMs', ms(moved?.t));
  fact('parentExitMs', ms(run.records().find((r) => r.pid === run.mainPid)?.endMs));
  // Its exit (the zombie seen) is written at once: a run stopped before the adopter reaps it
  // still says when the orphan exited, and its record says it was not reaped.
  await run.waitUntil(() => o.endMs !== null, wait, 'the orphan to exit');
  fact('orphanEndMs', ms(o.endMs));
  // Let it be reaped on its own: the adopter does it, in its own time (the run would end it
  // otherwise).
  await run.waitUntil(() => o.state === 'exited', wait, 'the orphan to be reaped');
};
