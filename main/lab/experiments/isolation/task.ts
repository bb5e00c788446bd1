/** The isolation experiment's child: runs in a worker child (what it shows: ./info.ts). */
import type { TaskDef } from '../../worker/task-def';
import { getX, setX } from './memory';
import { numArg as num } from '../../worker/args';

/** Merged into the worker's `TASKS`. */
export const ISOLATION_TASKS: Record<string, TaskDef> = {
  /**
   * The isolation child: takes main's value for its own `x` (Node's fork is not a copy of
   * main's memory, so the value comes as an argument, as Python's spawn start method pickles
   * it), changes its own `x`, reports both, then waits for main's go so main can read its own
   * `x` while this child is still alive with the changed one. args: [valueFromMain, newValue].
   */
  'isolation-child': {
    async run(ctx, [fromMain, newValue]) {
      await ctx.report('initial', getX());
      setX(num(fromMain, 0));
      ctx.print(`子进程 x = ${String(getX())}`);
      await ctx.report('saw', getX());
      setX(num(newValue, 0));
      ctx.print(`子进程 改为 x = ${String(getX())}`);
      await ctx.report('after', getX());
      await ctx.nextMessage();
    },
  },
};
