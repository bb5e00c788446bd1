/**
 * Lecture rows 1 and 2: 串行 / 并发 / 并行 and 多道技术. The same CPU-bound tasks run serially —
 * the lecture's meaning, "一个进程完完整整执行完再执行下一个": one child process started and
 * joined before the next starts — and then in parallel (start all, join all). With more tasks
 * than cores the OS slices the CPU between them (concurrency on top of parallelism): each task
 * then needs more wall time than CPU time, and the CPU % of all busy processes together stays
 * within cores × 100 %. Each process's memory (RSS) is shown beside its CPU: they share the RAM
 * (space multiplexing) and the CPU (time multiplexing).
 */
import { cpus } from 'node:os';
import type { ExperimentDef, ExperimentOptions } from '../types';
import { LabError } from '../../common/errors';
import { oneCoreUnavailable } from './one-core';

const LAB_CODE = `// main (a real child of the app); N = --tasks (default cores + 1), W = --work-ms (scaled)
// cpu-burn: a busy loop until the child's OWN CPU time (process.cpuUsage) reaches W,
// then it reports its wall time and its CPU time
if (oneCore) taskset('-a', '-p', '-c', firstAllowedCpu, process.pid) // every task inherits one CPU
t = now()
for (i of range(N)) { p = Process({ target: 'cpu-burn', args: [W] }); p.start(); await p.join() }
serialMs = now() - t                             // ≈ N × (W + start-up)
t = now()
ps = range(N).map(() => Process({ target: 'cpu-burn', args: [W] }))
for (p of ps) p.start(); for (p of ps) await p.join()
parallelMs = now() - t                           // ≈ ceil(N / cores) × W + start-up
speedup = serialMs / parallelMs                  // at most min(N, cores)
// the sampler reads every process's CPU time and RSS from the OS on each tick: the CPU time
// all of them used over ≥ 300 ms, divided by that span, is the total CPU %: ≤ cores × 100 %`;

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function defaultTasks(): number {
  return Math.max(1, cpus().length) + 1;
}

export function workMs(opts: ExperimentOptions): number {
  return (opts.workMs as number) * opts.timeScale;
}

export function expectedMs(opts: ExperimentOptions): number {
  const n = opts.tasks as number;
  const w = workMs(opts);
  const cores = opts.oneCore === true ? 1 : Math.max(1, cpus().length);
  return n * w + Math.ceil(n / cores) * w + 2 * n * 150 + 300;
}

export const parallel: ExperimentDef = {
  id: 'parallel',
  concepts: [1, 2],
  title: { en: 'Serial, concurrent, parallel', zh: '串行、并发、并行' },
  summary: {
    en: 'The same CPU-bound tasks run one process after another, then all at once: with more tasks than cores the OS slices the CPU (wall time > CPU time) and the total CPU % stays within cores × 100 %. Memory (RSS) per process beside its CPU.',
    zh: '同样的 CPU 密集任务先逐个进程串行运行,再同时运行:任务多于核数时操作系统分时切换 CPU(墙钟时间 > CPU 时间),CPU 占用之和不超过 核数 × 100%。每个进程的内存(RSS)与 CPU 并列。',
  },
  options: [
    {
      key: 'tasks',
      kind: 'number',
      integer: true,
      min: 1,
      max: 64,
      // One more than the cores, so the parallel run has to time-slice.
      default: defaultTasks(),
      help: { en: 'how many CPU-bound tasks (default: cores + 1)', zh: 'CPU 密集任务的数量(默认:核数 + 1)' },
    },
    {
      key: 'workMs',
      kind: 'number',
      min: 10,
      max: 60_000,
      default: 1000,
      help: { en: 'CPU time each task burns, ms (scaled)', zh: '每个任务消耗的 CPU 时间(毫秒,按比例缩放)' },
    },
    {
      key: 'oneCore',
      kind: 'boolean',
      default: false,
      // Pinned with taskset (./one-core.ts): where it is missing the option is refused, with why.
      unavailable: (platform) => oneCoreUnavailable(platform),
      help: {
        en: 'pin the run to one CPU: the tasks then share one core (about 1/N each), wall ≈ the sum of their CPU times',
        zh: '把本次运行固定到一个 CPU：任务共用一个核（各约 1/N），墙钟时间 ≈ 各自 CPU 时间之和',
      },
    },
  ],
  labCode: LAB_CODE,
  validate(opts) {
    const why = opts.oneCore === true ? oneCoreUnavailable() : null;
    if (why) throw new LabError('bad-options', `oneCore: ${why.en}`);
  },
  expectedMs,
};
