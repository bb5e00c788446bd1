/** The lifecycle experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import { factWriter, type LifecycleFacts } from '../../../../contract/experiments';
import type { MainScript } from '../../run-main/main-context';

export const main: MainScript = async (ctx) => {
  const fact = factWriter<LifecycleFacts>(ctx);
  const p1 = ctx.Process({ target: 'sleep', args: [ctx.scale(10_000)] });
  const p2 = ctx.Process({ target: 'sleep', args: [ctx.scale(10_000)], name: 'rocky' });
  fact('names', [p1.name, p2.name]);
  p1.start();
  p2.start();
  await Promise.all([p1.waitReady(), p2.waitReady()]);
  await ctx.sleep(ctx.scale(1000));
  fact('aliveBeforeTerminate', p1.is_alive());
  p1.terminate();
  fact('aliveRightAfterTerminate', p1.is_alive());
  // Not waiting: Node reaps only from its event loop, and a parked main runs none. p1 dies
  // (SIGTERM) but stays a zombie until the lab, having seen the Z, lets main go on.
  ctx.mark('terminated');
  ctx.park();
  await p1.join();
  fact('aliveAfterJoin', p1.is_alive());
  fact('pyExitcode', p1.exitcode);
  p2.kill();
  await p2.join();
  fact('killPyExitcode', p2.exitcode);
  fact('p1Pid', p1.pid);
};
