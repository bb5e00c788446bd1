/**
 * Lecture row 6, `join()`: the same tasks (sleep 1, 2, 3 s) run three ways — called serially
 * inside main, start-all-then-join-all, and start+join one by one — so the student sees
 * "≈ the longest task" against "≈ the sum plus the cost of starting each child".
 */
import type { ExperimentDef } from '../types';

const LAB_CODE = `// main (a real child of the app), tasks scaled by --time-scale
t = now(); for (d of durations) await sleep(d)            // serial, in main
serialInProcessMs = now() - t

t = now(); ps = durations.map(d => Process({ target: 'sleep', args: [d] }))
for (p of ps) p.start(); for (p of ps) await p.join()
startAllJoinAllMs = now() - t

t = now(); for (d of durations) { p = Process(...); p.start(); await p.join() }
startJoinEachMs = now() - t`;

export const join: ExperimentDef = {
  id: 'join',
  concepts: [6],
  title: { en: 'join(): waiting for children', zh: 'join():等待子进程' },
  summary: {
    en: 'Tasks of 1, 2, 3 s run serially, start-all-then-join-all, and start+join one by one.',
    zh: '1、2、3 秒的任务:串行调用、全部启动再全部 join、逐个启动并 join,三种方式比较耗时。',
  },
  options: [
    {
      key: 'durations',
      kind: 'numbers',
      min: 0,
      max: 60,
      maxItems: 8,
      default: [1, 2, 3],
      help: { en: 'task durations in seconds, comma-separated', zh: '各任务时长(秒),逗号分隔' },
    },
  ],
  labCode: LAB_CODE,
  expectedMs(opts) {
    const d = (opts.durations as number[]).map((s) => s * 1000 * opts.timeScale);
    const sum = d.reduce((a, b) => a + b, 0);
    return 2 * sum + Math.max(0, ...d) + 150 * d.length * 2;
  },
};
