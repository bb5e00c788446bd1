/** The isolation experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
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
  ctx.fact('parentBefore', parentBefore);
  ctx.fact('childInitial', childInitial ?? null);
  ctx.fact('childSaw', childSaw ?? null);
  ctx.fact('childAfter', childAfter ?? null);
  ctx.fact('parentWhileChildAlive', parentWhileChildAlive);
  ctx.fact('childAliveThen', childAliveThen);
  ctx.fact('parentAfter', parentAfter);
  ctx.fact('parentPid', process.pid);
  ctx.fact('childPid', p.pid);
  ctx.fact('childSeenPid', p.seenPid);
  ctx.fact('childSeenPpid', p.seenPpid);
  ctx.fact('childPyExitcode', p.exitcode);
};
