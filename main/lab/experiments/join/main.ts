/** The join experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import { factWriter, type JoinFacts, type JoinVariant } from '../../../../contract/experiments';
import type { MainScript } from '../../run-main/main-context';
import type { PyProcess } from '../../run-main/py-process';

/** Start overhead of a child: from `start()` in main to the child's first line of code. */
function overhead(p: PyProcess): number | null {
  return p.startAt !== null && p.readyAt !== null ? Math.round(p.readyAt - p.startAt) : null;
}

export const main: MainScript = async (ctx, opts) => {
  const durations = (opts.durations as number[]).map((s) => ctx.scale(s * 1000));
  const labels = (opts.durations as number[]).map((s) => String(s));
  const fact = factWriter<JoinFacts>(ctx);

  ctx.mark('serial-start');
  let t = ctx.now();
  for (const [i, d] of durations.entries()) {
    ctx.print(`进程${labels[i]} start`);
    await ctx.sleep(d);
    ctx.print(`进程${labels[i]} end`);
  }
  fact('serialInProcessMs', Math.round(ctx.now() - t));

  ctx.mark('start-all-join-all-start');
  t = ctx.now();
  const all = durations.map((d, i) => ctx.Process({ target: 'sleep', args: [d, labels[i] ?? ''] }));
  for (const p of all) p.start();
  for (const p of all) await p.join();
  fact('startAllJoinAllMs', Math.round(ctx.now() - t));

  ctx.mark('start-join-each-start');
  t = ctx.now();
  const each: PyProcess[] = [];
  for (const [i, d] of durations.entries()) {
    const p = ctx.Process({ target: 'sleep', args: [d, labels[i] ?? ''] });
    each.push(p);
    p.start();
    await p.join();
  }
  fact('startJoinEachMs', Math.round(ctx.now() - t));
  ctx.mark('done');

  const describe = (variant: JoinVariant) => (p: PyProcess, i: number) => ({
    variant,
    name: p.name,
    pid: p.pid,
    taskMs: Math.round(durations[i] ?? 0),
    startOverheadMs: overhead(p),
    pyExitcode: p.exitcode,
  });
  fact('children', [...all.map(describe('startAllJoinAll')), ...each.map(describe('startJoinEach'))]);
  fact('longestTaskMs', Math.round(Math.max(...durations)));
  fact('sumOfTasksMs', Math.round(durations.reduce((a, b) => a + b, 0)));
};
