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
import type { FactValue } from '../../../../contract/report';
import { CPU_SMOOTHING_MS } from '../../host/sampler/cpu';
import type { PyProcess } from '../../run-main/py-process';
import type { RunHandle } from '../../host/run/run';
import { mainExited, mainGone } from '../../host/conduct-helpers';
import type { ExperimentDef, ExperimentOptions } from '../types';

const LECTURE = `'''
操作系统
*****
串行:一个进程完完整整执行完再执行下一个
并发:看起来是同时运行  单核
并行:真正的同时运行

多道技术:
空间复用:共用一个内存条,多个进程互相隔离,物理级别隔离
时间复用:共用一个cpu

*****
并发 = 保存状态 + 切换
'''
# (the lecture states these without code; below, the same claim in its style)
from multiprocessing import Process
import os, time

def work(n):                  # CPU-bound: no sleep, no I/O
    while n: n -= 1

if __name__ == '__main__':
    tasks = os.cpu_count() + 1
    start = time.time()
    for i in range(tasks):    # 串行: 一个进程执行完再执行下一个
        p = Process(target=work, args=(10**8,)); p.start(); p.join()
    print('串行', time.time() - start)
    start = time.time()
    ps = [Process(target=work, args=(10**8,)) for i in range(tasks)]
    for p in ps: p.start()    # 并行 (+ 并发: 任务比核多, 操作系统切换)
    for p in ps: p.join()
    print('并行', time.time() - start)`;

const LAB_CODE = `// main (a real child of the app); N = --tasks (default cores + 1), W = --work-ms (scaled)
// cpu-burn: a busy loop until the child's OWN CPU time (process.cpuUsage) reaches W,
// then it reports its wall time and its CPU time
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

/** Where main is, as its marks tell the supervisor. */
type Phase = 'before' | 'serial' | 'parallel' | 'after';

/** What a task reports, and what the supervisor later adds from the sampler. */
interface TaskFact {
  [k: string]: FactValue;
  phase: 'serial' | 'parallel';
  name: string;
  pid: number | null;
  wallMs: number | null;
  cpuMs: number | null;
  /** wall / cpu: 1 when the task had a core to itself, > 1 when it waited for one. */
  wallPerCpu: number | null;
  rssBytes: number | null;
  pyExitcode: number | null;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function numberField(v: FactValue | undefined, key: string): number | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const f = v[key];
  return typeof f === 'number' ? f : null;
}

function defaultTasks(): number {
  return Math.max(1, cpus().length) + 1;
}

function workMs(opts: ExperimentOptions): number {
  return (opts.workMs as number) * opts.timeScale;
}

function expectedMs(opts: ExperimentOptions): number {
  const n = opts.tasks as number;
  const w = workMs(opts);
  const cores = Math.max(1, cpus().length);
  return n * w + Math.ceil(n / cores) * w + 2 * n * 150 + 300;
}

async function describe(phase: TaskFact['phase'], p: PyProcess): Promise<TaskFact> {
  const work = await p.waitReport('work');
  const wallMs = numberField(work, 'wallMs');
  const cpuMs = numberField(work, 'cpuMs');
  return {
    phase,
    name: p.name,
    pid: p.pid,
    wallMs: wallMs === null ? null : Math.round(wallMs),
    cpuMs: cpuMs === null ? null : Math.round(cpuMs),
    wallPerCpu: wallMs !== null && cpuMs ? Math.round((wallMs / cpuMs) * 100) / 100 : null,
    rssBytes: numberField(work, 'rssBytes'),
    pyExitcode: p.exitcode,
  };
}

/**
 * Shortest span an exact CPU rate is taken over. Linux counts CPU time in 10 ms clock ticks, so
 * each process's difference can be off by a tick: over 300 ms that is ±3 % per process, where a
 * single 100 ms tick would give ±10 %.
 */
const RATE_WINDOW_MS = 300;

/** The sampler's readings of every process of the run at one tick, and main's phase then. */
interface Snapshot {
  at: number;
  phase: Phase;
  cpuMs: Map<number, number>;
}

/**
 * Follows a run's CPU use, tick by tick, from the sampler's records (supervisor side).
 *
 * Two measures. Exact: the difference of each process's cumulative CPU time (`cpuMs`, read by
 * the sampler) between two ticks at least {@link RATE_WINDOW_MS} apart, over the wall time
 * between them — the CPU actually used, summed over the run's processes. Smoothed: the sum of
 * the CPU % the view shows, an average with a 1.5 s time constant that lags far behind tasks of
 * a few hundred ms (reported beside the exact one, not instead of it).
 */
class CpuWatch {
  readonly peakTotal = { serial: 0, parallel: 0 };
  readonly peakSmoothed = { serial: 0, parallel: 0 };
  readonly peakCpu = new Map<number, number>();
  readonly peakRss = new Map<number, number>();
  #run: RunHandle;
  #phase: Phase = 'before';
  #reported = false;
  #seenEvents = 0;
  #snaps: Snapshot[] = [];
  #pending = false;

  constructor(run: RunHandle) {
    this.#run = run;
  }

  /** For `waitUntil`: reads what is new; true once main has sent its report. */
  observe(): boolean {
    const events = this.#run.events();
    for (; this.#seenEvents < events.length; this.#seenEvents++) {
      const e = events[this.#seenEvents];
      if (e?.type !== 'mark') continue;
      this.#phase = PHASE_AFTER_MARK[e.label] ?? this.#phase;
      if (e.label === 'parallel-reported') this.#reported = true;
    }
    // waitUntil also calls us in the middle of a tick (a state change is announced while the
    // records are being updated): read the records once the tick's synchronous work is done.
    if (!this.#pending) {
      this.#pending = true;
      queueMicrotask(() => {
        this.#pending = false;
        this.#snapshot();
      });
    }
    return this.#reported;
  }

  #snapshot(): void {
    const records = this.#run.records();
    const cpuMs = new Map<number, number>();
    for (const r of records) if (r.cpuMs !== undefined) cpuMs.set(r.pid, r.cpuMs);
    const last = this.#snaps[this.#snaps.length - 1];
    // Nothing new read from the OS since the last snapshot: not a new tick.
    if (last && cpuMs.size === last.cpuMs.size && [...cpuMs].every(([pid, c]) => last.cpuMs.get(pid) === c)) return;
    const now: Snapshot = { at: performance.now(), phase: this.#phase, cpuMs };
    this.#snaps.push(now);

    let smoothed = 0;
    for (const r of records) {
      if (r.endMs !== null || r.states.length === 0) continue;
      smoothed += r.cpu;
      this.peakRss.set(r.pid, Math.max(this.peakRss.get(r.pid) ?? 0, r.rss));
    }
    const phase = now.phase;
    if (phase === 'serial' || phase === 'parallel')
      this.peakSmoothed[phase] = Math.max(this.peakSmoothed[phase], smoothed);

    // The latest earlier tick at least a window ago; the rate counts only processes read at
    // both ends, so CPU a process used before it was first seen is never counted in.
    let then: Snapshot | undefined;
    for (let i = this.#snaps.length - 2; i >= 0; i--) {
      const s = this.#snaps[i];
      if (s && now.at - s.at >= RATE_WINDOW_MS) {
        then = s;
        break;
      }
    }
    if (!then) return;
    const dt = now.at - then.at;
    let total = 0;
    for (const [pid, c] of now.cpuMs) {
      const before = then.cpuMs.get(pid);
      if (before === undefined) continue;
      const pct = (100 * (c - before)) / dt;
      total += pct;
      this.peakCpu.set(pid, Math.max(this.peakCpu.get(pid) ?? 0, pct));
    }
    // A window that spans two phases belongs to neither.
    if (then.phase === phase && (phase === 'serial' || phase === 'parallel'))
      this.peakTotal[phase] = Math.max(this.peakTotal[phase], total);
  }
}

/** The phase main enters with each of its marks. */
const PHASE_AFTER_MARK: Record<string, Phase> = {
  'serial-start': 'serial',
  'serial-end': 'after',
  'parallel-start': 'parallel',
  'parallel-end': 'after',
};

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
  ],
  lecture: LECTURE,
  labCode: LAB_CODE,
  expectedMs,
  async main(ctx, opts) {
    const n = opts.tasks as number;
    const w = ctx.scale(opts.workMs as number);
    const cores = cpus().length;
    ctx.fact('cores', cores);
    ctx.fact('tasks', n);
    ctx.fact('workMs', Math.round(w));

    ctx.mark('serial-start');
    let t = ctx.now();
    const serial: TaskFact[] = [];
    for (let i = 0; i < n; i++) {
      const p = ctx.Process({ target: 'cpu-burn', args: [w], name: `serial-${i + 1}` });
      p.start();
      await p.join();
      serial.push(await describe('serial', p));
    }
    const serialMs = ctx.now() - t;
    ctx.mark('serial-end');

    ctx.mark('parallel-start');
    t = ctx.now();
    const ps = Array.from({ length: n }, (_, i) =>
      ctx.Process({ target: 'cpu-burn', args: [w], name: `parallel-${i + 1}` }),
    );
    for (const p of ps) p.start();
    for (const p of ps) await p.join();
    const parallelMs = ctx.now() - t;
    ctx.mark('parallel-end');
    const par = await Promise.all(ps.map((p) => describe('parallel', p)));

    ctx.fact('serialMs', Math.round(serialMs));
    ctx.fact('parallelMs', Math.round(parallelMs));
    ctx.fact('speedup', Math.round((serialMs / parallelMs) * 100) / 100);
    ctx.fact('idealSpeedup', Math.min(n, Math.max(1, cores)));
    // Exact, not smoothed: the CPU time the parallel tasks used over the phase's wall time.
    const parCpu = par.reduce((a, x) => a + (x.cpuMs ?? 0), 0);
    ctx.fact('parallelAvgCpuPercent', round1((100 * parCpu) / parallelMs));
    const ratios = par.map((x) => x.wallPerCpu ?? 0);
    ctx.fact('parallelMeanWallPerCpu', Math.round((ratios.reduce((a, b) => a + b, 0) / n) * 100) / 100);
    ctx.fact('perTask', [...serial, ...par]);
    // Sent after every fact above on the same channel: the supervisor has them once it sees this.
    ctx.mark('parallel-reported');
  },
  async conduct(run, opts) {
    const watch = new CpuWatch(run);
    const wait = expectedMs(opts) * 3 + 15_000;
    // Main may also end without its report (it crashed): the facts then say what was seen.
    await run.waitUntil(() => watch.observe() || mainGone(run), wait, "main's report");

    const cores = cpus().length;
    run.fact('peakTotalCpuPercent', round1(watch.peakTotal.parallel));
    run.fact('serialPeakTotalCpuPercent', round1(watch.peakTotal.serial));
    run.fact('cpuCapacityPercent', cores * 100);
    run.fact('cpuRateWindowMs', RATE_WINDOW_MS);
    run.fact('peakSmoothedTotalCpuPercent', round1(watch.peakSmoothed.parallel));
    run.fact('cpuSmoothingMs', CPU_SMOOTHING_MS);
    const details = (run.facts().perTask ?? []) as TaskFact[];
    run.fact(
      'perTask',
      details.map((d) => ({
        ...d,
        peakCpuPercent: d.pid === null ? null : round1(watch.peakCpu.get(d.pid) ?? 0),
        peakRssBytes: d.pid === null ? null : (watch.peakRss.get(d.pid) ?? null),
      })),
    );
    run.fact('mainPeakRssBytes', watch.peakRss.get(run.mainPid) ?? null);
    await mainExited(run, wait);
  },
};
