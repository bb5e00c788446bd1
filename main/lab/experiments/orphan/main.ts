/** The orphan experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import { factWriter, type OrphanFacts } from '../../../../contract/experiments';
import type { MainScript } from '../../run-main/main-context';

export const main: MainScript = async (ctx, opts) => {
  const p = ctx.Process({ target: 'orphan', args: [ctx.scale(opts.childMs as number)], name: 'orphan' });
  p.start();
  await p.waitReady();
  factWriter<OrphanFacts>(ctx)('originalPpid', p.seenPpid);
  await ctx.sleep(ctx.scale(opts.parentMs as number));
  ctx.print('主进程退出, 不等待子进程');
  await ctx.exitNow(0);
};
