/** The spawn experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import type { MainScript } from '../../run-main/main-context';
import type { FactValue } from '../../../../contract/report';
import type { SelfReport } from '../../worker/basics';
import { factWriter, type SpawnChildFact, type SpawnFacts } from '../../../../contract/experiments';
import { planningHz } from '../../../../contract/engine';

function isSelf(v: FactValue | undefined): v is SelfReport {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.pid === 'number';
}

export const main: MainScript = async (ctx, opts) => {
  const n = opts.children as number;
  // Long enough for at least two sampler ticks even at a low rate, so the OS's view of every
  // child is read while it runs (the supervisor also samples at once when they are all up).
  const hold = Math.max(ctx.scale(1000), 2500 / planningHz(opts.hz));
  const ps = [
    ...Array.from({ length: n }, (_, i) => ctx.Process({ target: 'task', args: [5 + i, hold] })),
    ...Array.from({ length: n }, (_, i) =>
      ctx.Process({ target: 'Task', style: 'subclass', name: i === 0 ? 'Nick' : `Nick-${i + 1}`, args: [hold] }),
    ),
  ];
  for (const p of ps) {
    p.start();
    ctx.print(`在主进程查看子进程的pid ${p.pid}`);
  }
  ctx.print(`主进程的pid ${process.pid}`);
  ctx.print(`主进程的父进程Pid ${process.ppid}`);
  const selves = await Promise.all(ps.map((p) => p.waitReport('self')));
  ctx.mark('children-running');
  for (const p of ps) await p.join();
  ctx.print('主进程');

  const children: SpawnChildFact[] = ps.map((p, i) => {
    const self = selves[i];
    const ok = isSelf(self);
    return {
      style: p.style,
      name: p.name,
      pid: p.pid,
      ppid: process.pid,
      childPid: p.seenPid,
      childPpid: p.seenPpid,
      childName: ok ? self.name : null,
      arg: ok ? self.arg : null,
      program: ok ? self.program : null,
      childRssBytes: ok ? self.rssBytes : null,
      pyExitcode: p.exitcode,
    };
  });
  const fact = factWriter<SpawnFacts>(ctx);
  fact('mainPid', process.pid);
  fact('mainPpid', process.ppid);
  fact('children', children);
  const programs = new Set(children.map((c) => c.program));
  fact('program', programs.size === 1 ? (children[0]?.program ?? null) : null);
  fact('sameProgram', programs.size === 1 && !programs.has(null));
  fact('distinctPids', new Set(children.map((c) => c.pid)).size);
  // Sent after every fact above on the same channel: the supervisor has them once it sees this.
  ctx.mark('spawn-reported');
};
