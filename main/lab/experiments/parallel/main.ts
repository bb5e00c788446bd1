/** The parallel experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import type { MainScript } from '../../run-main/main-context';
import { cpus } from 'node:os';
import type { FactValue } from '../../../../contract/report';
import type { PyProcess } from '../../run-main/py-process';
import { factWriter, type ParallelFacts, type TaskFact } from '../../../../contract/experiments';
import { round1 } from './info';
import { cpusAllowedList, pinSelfToOneCpu } from './one-core';

function numberField(v: FactValue | undefined, key: string): number | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const f = v[key];
  return typeof f === 'number' ? f : null;
}

async function describe(phase: TaskFact['phase'], p: PyProcess, cpusAllowed: string | null): Promise<TaskFact> {
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
    cpusAllowed,
  };
}

export const main: MainScript = async (ctx, opts) => {
  const n = opts.tasks as number;
  const w = ctx.scale(opts.workMs as number);
  const cores = cpus().length;
  const fact = factWriter<ParallelFacts>(ctx);
  fact('cores', cores);
  fact('tasks', n);
  fact('workMs', Math.round(w));
  // "1 core": pinned before any task starts, so every task inherits the one CPU (./one-core.ts).
  fact('oneCore', opts.oneCore === true ? pinSelfToOneCpu() : null);
  /** A task's CPUs as the kernel shows them just after it started (read, not assumed). */
  const allowedOf = (p: PyProcess): string | null => (p.pid === null ? null : cpusAllowedList(p.pid));

  ctx.mark('serial-start');
  let t = ctx.now();
  const serial: TaskFact[] = [];
  for (let i = 0; i < n; i++) {
    const p = ctx.Process({ target: 'cpu-burn', args: [w], name: `serial-${i + 1}` });
    p.start();
    const allowed = allowedOf(p);
    await p.join();
    serial.push(await describe('serial', p, allowed));
  }
  const serialMs = ctx.now() - t;
  ctx.mark('serial-end');

  ctx.mark('parallel-start');
  t = ctx.now();
  const ps = Array.from({ length: n }, (_, i) =>
    ctx.Process({ target: 'cpu-burn', args: [w], name: `parallel-${i + 1}` }),
  );
  for (const p of ps) p.start();
  const allowed = ps.map(allowedOf);
  for (const p of ps) await p.join();
  const parallelMs = ctx.now() - t;
  ctx.mark('parallel-end');
  const par = await Promise.all(ps.map((p, i) => describe('parallel', p, allowed[i] ?? null)));

  fact('serialMs', Math.round(serialMs));
  fact('parallelMs', Math.round(parallelMs));
  fact('speedup', Math.round((serialMs / parallelMs) * 100) / 100);
  // Pinned to one CPU, the run has one core, whatever the machine has.
  fact('idealSpeedup', Math.min(n, opts.oneCore === true ? 1 : Math.max(1, cores)));
  // Exact, not smoothed: the CPU time the parallel tasks used over the phase's wall time.
  const parCpu = par.reduce((a, x) => a + (x.cpuMs ?? 0), 0);
  fact('parallelAvgCpuPercent', round1((100 * parCpu) / parallelMs));
  fact('parallelCpuSumMs', Math.round(parCpu));
  const ratios = par.map((x) => x.wallPerCpu ?? 0);
  fact('parallelMeanWallPerCpu', Math.round((ratios.reduce((a, b) => a + b, 0) / n) * 100) / 100);
  fact('perTask', [...serial, ...par]);
  // Sent after every fact above on the same channel: the supervisor has them once it sees this.
  ctx.mark('parallel-reported');
};
