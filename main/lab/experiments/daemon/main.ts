/** The daemon experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import type { MainScript } from '../../run-main/main-context';

export const main: MainScript = async (ctx) => {
  const d = ctx.Process({ target: 'sleep', args: [ctx.scale(5000), 'daemon'], name: 'daemon', daemon: true });
  const n = ctx.Process({ target: 'sleep', args: [ctx.scale(3000), 'normal'], name: 'normal' });
  d.start();
  n.start();
  await ctx.sleep(ctx.scale(2000));
  ctx.print('主进程代码结束');
};
