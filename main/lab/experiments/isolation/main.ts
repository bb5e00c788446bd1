/** The isolation experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import { factWriter, type IsolationFacts } from '../../../../contract/experiments';
import type { MainScript } from '../../run-main/main-context';
import { getX, setX } from './memory';

export const main: MainScript = async (ctx, opts) => {
  setX(opts.value as number);
  const parentBefore = getX();
  ctx.print(`主进程的x ${String(parentBefore)}`);
  const p = ctx.Process({ target: 'isolation-child', args: [parentBefore, opts.childValue as number] });
  p.start();
  const childInitial = await p.waitReport('initial');
  const childSaw = await p.waitReport('saw');
  const childAfter = await p.waitReport('after');
  // The child has changed its x and is still alive (it waits for our go): read ours now, so
  // "unchanged" cannot be explained by the child having ended.
  const parentWhileChildAlive = getX();
  const childAliveThen = p.is_alive();
  await p.send('go');
  await p.join();
  const parentAfter = getX();
  ctx.print(`主进程的x ${String(parentAfter)}`);
  const fact = factWriter<IsolationFacts>(ctx);
  fact('parentBefore', parentBefore);
  fact('childInitial', childInitial ?? null);
  fact('childSaw', childSaw ?? null);
  fact('childAfter', childAfter ?? null);
  fact('parentWhileChildAlive', parentWhileChildAlive);
  fact('childAliveThen', childAliveThen);
  fact('parentAfter', parentAfter);
  fact('parentPid', process.pid);
  fact('childPid', p.pid);
  fact('childSeenPid', p.seenPid);
  fact('childSeenPpid', p.seenPpid);
  fact('childPyExitcode', p.exitcode);
};
