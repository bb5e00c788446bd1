/**
 * Lecture row 5, 内存空间彼此隔离: main sets a module-level global, a child changes its own copy,
 * and main's stays as it was — read while the child is still alive with the changed value, and
 * again after joining it.
 *
 * Honest about the mechanism: Node's `fork()` is not the POSIX `fork()` — there is no
 * copy-on-write copy of main's memory. The child is a fresh interpreter that loads the same
 * program and receives main's value as an argument, as Python does with its *spawn* start
 * method (the default on Windows and macOS). The global starts unset in the child (reported as
 * `childInitial`), which shows exactly that. Either way, the lesson holds: two processes, two
 * memories, and nothing one writes reaches the other.
 */
import { LabError } from '../../common/errors';
import type { ExperimentDef } from '../types';

const LAB_CODE = `// shared module (experiments/isolation/memory.ts), loaded by main AND by every child:
let x = null                                  // each process that loads it has its own x

// main (a real child of the app)
x = value                                     // --value, default 100
parentBefore = x
p = Process({ target: 'isolation-child', args: [x, childValue] })
p.start()
// the child: a FRESH Node process (Node's fork is not a copy-on-write fork(), like Python's
// *spawn* start method): its own x starts unset, it takes main's value from args, then changes it
//   report('initial', x); x = args[0]; report('saw', x); x = args[1]; report('after', x)
await p.waitReport('after')
parentWhileChildAlive = x                     // the child is still running with its own x
p.send('go'); await p.join()
parentAfter = x                               // === parentBefore`;

export const isolation: ExperimentDef = {
  id: 'isolation',
  concepts: [5],
  title: { en: 'Memory isolation between processes', zh: '进程之间内存空间彼此隔离' },
  summary: {
    en: "A child changes its own copy of main's global; main's stays unchanged. (Node's fork starts a fresh interpreter that is handed the value, like Python's spawn start method, not a copy-on-write fork.)",
    zh: '子进程修改的是它自己那一份全局变量,主进程的值不变。(Node 的 fork 启动一个全新的解释器并把值传给它,类似 Python 的 spawn 启动方式,而不是写时复制的 fork。)',
  },
  options: [
    {
      key: 'value',
      kind: 'number',
      integer: true,
      min: -1_000_000,
      max: 1_000_000,
      default: 100,
      help: { en: 'the value main gives its global x', zh: '主进程给全局变量 x 赋的值' },
    },
    {
      key: 'childValue',
      kind: 'number',
      integer: true,
      min: -1_000_000,
      max: 1_000_000,
      default: 2,
      help: { en: 'the value the child gives its own x', zh: '子进程给它自己的 x 赋的值' },
    },
  ],
  labCode: LAB_CODE,
  validate(opts) {
    // With equal values the child's change could not be told from no change at all.
    if (opts.value === opts.childValue)
      throw new LabError('bad-options', 'childValue: must differ from value, or the change cannot be seen');
  },
  expectedMs: () => 600,
};
