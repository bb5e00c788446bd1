/**
 * The targets a child process can run (the lecture's `target=` functions). Each runs inside a
 * real child forked by `PyProcess`; experiments add their own here.
 */
import { delay, sharedNow } from '../common/clock';
import type { TaskDef } from './task-def';
export type { TaskContext, TaskDef } from './task-def';
import { BASIC_TASKS } from './basics';
import { ISOLATION_TASKS } from '../experiments/isolation/task';
import { TICKET_TASKS } from '../experiments/ticket-race/task';
import { numArg as num } from './args';

export const TASKS: Record<string, TaskDef> = {
  /** The lecture's `foo(x)`: print start, `time.sleep(x)`, print end. */
  sleep: {
    async run(ctx, [ms, label]) {
      const tag = label ?? ctx.name;
      ctx.print(`进程${String(tag)} start`);
      await delay(num(ms, 1000));
      ctx.print(`进程${String(tag)} end`);
    },
  },
  /** The lecture's `task()` that prints its own pid and its parent's, then sleeps. */
  whoami: {
    async run(ctx, [ms]) {
      ctx.print('子进程 start');
      ctx.print(`在子进程中查看自己的pid ${process.pid}`);
      ctx.print(`在子进程中查看父进程的pid ${process.ppid}`);
      await ctx.report('ids', { pid: process.pid, ppid: process.ppid, at: sharedNow() });
      await delay(num(ms, 1000));
      ctx.print('子进程 end');
    },
  },
  /** Runs until main closes its stdin (end-of-file), then ends: main decides when it exits. */
  'exit-on-eof': {
    async run(ctx) {
      await new Promise<void>((resolve) => {
        process.stdin.on('end', resolve).on('error', () => resolve());
        process.stdin.resume();
      });
      ctx.print(`${ctx.name} end`);
    },
  },
  /**
   * A child that outlives its parent (孤儿进程): it watches its own `getppid()` and says when it
   * changes, i.e. when the kernel has handed it to an adopter.
   */
  orphan: {
    survivesParent: true,
    async run(ctx, [ms]) {
      const first = process.ppid;
      ctx.print(`孤儿候选 start, ppid ${first}`);
      const until = Date.now() + num(ms, 3000);
      while (Date.now() < until) {
        await delay(20);
        if (process.ppid !== first) {
          ctx.print(`父进程已退出, 新的 ppid ${process.ppid}`);
          break;
        }
      }
      await delay(Math.max(0, until - Date.now()));
    },
  },
  ...BASIC_TASKS,
  ...ISOLATION_TASKS,
  ...TICKET_TASKS,
};
