/** The lifecycle experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { factWriter, type LifecycleFacts } from '../../../../contract/experiments';
import { firstEvent, mainExited, mainGone, markMs, ms } from '../../host/conduct-helpers';

export const conduct: Conduct = async (run, opts) => {
  const limit = 20_000 * opts.timeScale + 10_000;
  const p1 = () => run.records().find((r) => r.role === 'child' && r.name !== 'rocky');
  await run.waitUntil(() => markMs(run, 'terminated') !== null || mainGone(run), limit, 'p1.terminate()');
  if (!mainGone(run)) {
    // Ticks go on at the run's rate while main is parked: p1 shows as Z once it has died. (Or
    // it is gone already: on Windows, which has no zombies, or ended before terminate().)
    await run.waitUntil(
      () => p1()?.state === 'Z' || p1()?.state === 'exited' || mainGone(run),
      limit,
      'p1 to be a zombie',
    );
    run.command('reap');
  }
  await mainExited(run, limit);
  const pid = p1()?.pid;
  const fact = factWriter<LifecycleFacts>(run);
  fact('terminateRequestMs', ms(firstEvent(run, pid, 'signalled')?.t));
  fact('signalDeliveredMs', ms(firstEvent(run, pid, 'signal-received')?.t));
  fact('exitMs', ms(firstEvent(run, pid, 'exited')?.t));
  fact('reapMs', ms(firstEvent(run, pid, 'reaped')?.t));
  fact(
    'zombieSeen',
    run
      .records()
      .find((r) => r.pid === pid)
      ?.states.includes('Z') ?? false,
  );
};
