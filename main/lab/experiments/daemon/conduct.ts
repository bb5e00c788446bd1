/** The daemon experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { factWriter, type DaemonFacts } from '../../../../contract/experiments';
import { byName, mainExited, markMs, ms } from '../../host/conduct-helpers';

export const conduct: Conduct = async (run, opts) => {
  await mainExited(run, 3000 * opts.timeScale + 15_000);
  const d = byName(run, 'daemon');
  const n = byName(run, 'normal');
  const main = run.records().find((r) => r.pid === run.mainPid);
  const fact = factWriter<DaemonFacts>(run);
  fact('mainCodeEndMs', markMs(run, 'main-code-finished'));
  fact('daemonEndMs', ms(d?.endMs));
  fact('daemonPyExitcode', d?.pyExitcode ?? null);
  fact('normalEndMs', ms(n?.endMs));
  fact('normalPyExitcode', n?.pyExitcode ?? null);
  fact('mainExitMs', ms(main?.endMs));
};
