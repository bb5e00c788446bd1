/**
 * Child-side code of the first lessons (CONCEPTS.md rows 1–4, 7, 8): the two ways of starting a
 * child (`spawn`) and CPU-bound work (`parallel`). Each runs
 * inside a real child forked by `PyProcess` from the one worker program `task.js`.
 */
import { delay, sharedNow } from '../common/clock';
import type { FactValue } from '../common/protocol';
import type { TaskContext, TaskDef } from './task-def';
import { numArg as num } from './args';

/**
 * What a child of `spawn` reports about itself under the key `self`: the same facts the lecture
 * prints with `os.getpid()`, `os.getppid()` and `current_process().name`, plus the program file
 * it runs and its own memory, so "one file, N processes, N memories" is measured, not claimed.
 */
export interface SelfReport {
  [k: string]: FactValue;
  pid: number;
  ppid: number;
  name: string;
  style: 'target' | 'subclass';
  /** The program on disk this process runs (the same `task.js` for every child). */
  program: string;
  rssBytes: number;
  /** The argument it was given (the lecture's `args=(5,)`), or null. */
  arg: FactValue;
}

async function reportSelf(ctx: TaskContext, arg: FactValue): Promise<void> {
  ctx.print(`在子进程中查看自己的pid ${process.pid}`);
  ctx.print(`在子进程中查看父进程的pid ${process.ppid}`);
  const self: SelfReport = {
    pid: process.pid,
    ppid: process.ppid,
    name: ctx.name,
    style: ctx.style,
    program: process.argv[1] ?? '',
    rssBytes: process.memoryUsage.rss(),
    arg,
  };
  await ctx.report('self', self);
}

/**
 * The child-side half of the lecture's `class Task(Process)`: an object with a name whose
 * `run()` is the child's work. Python runs `run()` in the child after `start()`; here the worker
 * program builds the object from the name main gave (`style: 'subclass'`) and calls `run()`.
 */
abstract class ProcessBody {
  constructor(
    protected readonly ctx: TaskContext,
    readonly name: string,
  ) {}
  abstract run(): Promise<void>;
}

/** The lecture's `Task('Nick')`: says who it is, then stays alive for `holdMs`. */
class Task extends ProcessBody {
  constructor(
    ctx: TaskContext,
    name: string,
    private readonly holdMs: number,
  ) {
    super(ctx, name);
  }

  override async run(): Promise<void> {
    this.ctx.print(`${this.name} run() start`);
    await reportSelf(this.ctx, null);
    await delay(this.holdMs);
    this.ctx.print(`${this.name} run() end`);
  }
}

/** Burns `cpuMs` of this process's CPU time; returns after the CPU (not the wall) time is spent. */
function burnCpu(cpuMs: number): void {
  const start = process.cpuUsage();
  const target = cpuMs * 1000;
  let sink = 0;
  for (;;) {
    // A chunk of pure arithmetic between clock reads, so nearly all the time is user-mode work
    // rather than the getrusage() system call that cpuUsage() makes.
    for (let i = 0; i < 20_000; i++) sink += Math.sqrt(i + sink);
    const used = process.cpuUsage(start);
    if (used.user + used.system >= target) break;
  }
  // Keeps the loop from being optimised away.
  if (sink === -1) process.stdout.write('');
}

/** Task definitions for `spawn` and `parallel`, merged into `TASKS`. */
export const BASIC_TASKS: Record<string, TaskDef> = {
  /**
   * The lecture's first way, `Process(target=task, args=(5,))`: a plain function run by the
   * child. args: [x, holdMs].
   */
  task: {
    async run(ctx, [arg, holdMs]) {
      ctx.print(`子进程 start, x = ${String(arg)}`);
      await reportSelf(ctx, arg ?? null);
      await delay(num(holdMs, 1000));
      ctx.print('子进程 end');
    },
  },
  /** The lecture's second way, `class Task(Process)` with its own `run()`. args: [holdMs]. */
  Task: {
    async run(ctx, [holdMs]) {
      await new Task(ctx, ctx.name, num(holdMs, 1000)).run();
    },
  },
  /**
   * A CPU-bound task: a busy loop for `cpuMs` of its own CPU time (the same work however the OS
   * slices the CPU), then reports its wall time against its CPU time. args: [cpuMs].
   */
  'cpu-burn': {
    async run(ctx, [cpuMs]) {
      const work = num(cpuMs, 1000);
      ctx.print(`${ctx.name} start`);
      const t0 = sharedNow();
      const c0 = process.cpuUsage();
      burnCpu(work);
      const used = process.cpuUsage(c0);
      const wallMs = sharedNow() - t0;
      const cpuMsUsed = (used.user + used.system) / 1000;
      ctx.print(`${ctx.name} end: wall ${Math.round(wallMs)} ms, cpu ${Math.round(cpuMsUsed)} ms`);
      await ctx.report('work', {
        startAt: t0,
        wallMs,
        cpuMs: cpuMsUsed,
        rssBytes: process.memoryUsage.rss(),
      });
    },
  },
};
