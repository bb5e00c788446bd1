/**
 * Lecture row 10, 僵尸进程: children that ended while their parent has not called `wait()` stay
 * in the process table as real zombies (state Z) — harmless once the parent reaps them or dies
 * (its adopter reaps them), harmful when a parent that never dies piles them up, each holding a
 * pid. The parent here is the run's main, parked with its event loop blocked: it does not wait.
 */
import type { ExperimentDef } from '../types';
import { planningHz } from '../../../../contract/engine';

const LAB_CODE = `// main = the parent that does not wait
children = range(N).map(i => Process({ target: 'exit-on-eof', stdin: true }))
for (p of children) p.start()
for (p of children) p.closeStdin()       // each ends on end-of-file
park()          // event loop blocked: Node reaps children only from its loop → they stay Z
// --end reap:        the lab writes "reap" on main's stdin → loop resumes → waitpid() each
// --end kill-parent: the lab sends SIGKILL to main → the kernel re-parents the zombies to
//                    pid 1 (or the nearest subreaper), which reaps them
// --pile-up:         N tiny children (head -c 1), all ended at once, never waited for`;

export const zombie: ExperimentDef = {
  id: 'zombie',
  concepts: [10],
  title: { en: 'Zombie processes', zh: '僵尸进程' },
  summary: {
    en: 'Children of a parent that does not wait() stay as real zombies (Z) until reaped, or until the parent dies.',
    zh: '父进程不调用 wait() 时,结束的子进程成为真正的僵尸进程(Z),直到被回收或父进程死亡。',
  },
  options: [
    {
      key: 'children',
      kind: 'number',
      integer: true,
      min: 1,
      max: 2000,
      default: 3,
      help: { en: 'how many children become zombies', zh: '变成僵尸的子进程数量' },
    },
    {
      key: 'end',
      kind: 'enum',
      choices: ['reap', 'kill-parent', 'none'],
      default: 'reap',
      help: {
        en: 'how the zombies go: the parent reaps them, the parent is killed (the adopter reaps), or neither until the run ends',
        zh: '僵尸如何消失:父进程回收 / 杀死父进程(由收养者回收)/ 都不做,直到实验结束',
      },
    },
    {
      key: 'pileUp',
      kind: 'boolean',
      default: false,
      help: {
        en: 'a parent that never waits makes many zombies, holding pids',
        zh: '永不 wait 的父进程制造大量僵尸,占用 pid',
      },
    },
    {
      key: 'holdMs',
      kind: 'number',
      min: 0,
      max: 60_000,
      default: 1500,
      help: {
        en: 'how long the zombies are kept before the end action, ms (scaled)',
        zh: '执行结束动作前僵尸保留的时长(毫秒,按比例缩放)',
      },
    },
  ],
  labCode: LAB_CODE,
  unsupported: {
    win32: {
      en: 'Windows has no zombies: a process that ends is gone from the process list at once, and its exit code is kept in a handle instead. There is nothing to reap.',
      zh: 'Windows 没有僵尸进程:进程结束后立即从进程列表消失,退出码保存在句柄中,没有"回收"这一步。',
    },
  },
  expectedMs: (opts) =>
    300 * opts.timeScale + (opts.holdMs as number) * opts.timeScale + 3000 / planningHz(opts.hz) + 1000,
};
