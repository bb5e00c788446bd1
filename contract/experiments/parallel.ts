/**
 * The parallel experiment's facts: one definition its main and conduct write and the view reads.
 * Times are ms of wall time; CPU % is of one core (100 % = one core busy).
 */

/** One CPU-bound task as main measured it (its own report of wall and CPU time). */
export type TaskFact = {
  phase: 'serial' | 'parallel';
  name: string;
  pid: number | null;
  wallMs: number | null;
  cpuMs: number | null;
  /** wall / cpu: 1 when the task had a core to itself, > 1 when it waited for one. */
  wallPerCpu: number | null;
  rssBytes: number | null;
  pyExitcode: number | null;
  /** The CPUs the kernel let it run on, read from its `/proc/<pid>/status` just after start (Linux). */
  cpusAllowed?: string | null;
};

/** A task once the conduct has added what the sampler saw of it. */
export type MeasuredTaskFact = TaskFact & { peakCpuPercent?: number | null; peakRssBytes?: number | null };

export interface ParallelFacts {
  /** Written by main. */
  cores: number;
  tasks: number;
  workMs: number;
  serialMs: number;
  parallelMs: number;
  speedup: number;
  idealSpeedup: number;
  /** Exact: the parallel tasks' CPU time over the phase's wall time. */
  parallelAvgCpuPercent: number;
  parallelMeanWallPerCpu: number;
  /** The parallel tasks' CPU times added up, ms: on one core, about the phase's wall time. */
  parallelCpuSumMs: number;
  /** The "1 core" option: the CPU the run was pinned to and the list the kernel showed then; null when off. */
  oneCore: { cpu: number; allowed: string } | null;
  /** Written by main, then again by the conduct with each task's peaks. */
  perTask: MeasuredTaskFact[];
  /** Written by the conduct, from the sampler's CPU times. */
  peakTotalCpuPercent: number;
  serialPeakTotalCpuPercent: number;
  cpuCapacityPercent: number;
  cpuRateWindowMs: number;
  peakSmoothedTotalCpuPercent: number;
  cpuSmoothingMs: number;
  mainPeakRssBytes: number | null;
}
