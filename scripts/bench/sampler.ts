/**
 * Section "sampler": the sampler back ends' cost per tick (scripts/bench.ts, run as it is, with
 * `--json`): a part of what observing costs, kept beside the end-to-end figures.
 */
import { resolve } from 'node:path';
import { ROOT, finish, round, runProgram, type BenchOptions, type Section } from './common';

interface SamplerFigures {
  procs: number;
  ticks: number;
  methods: Array<{
    label: string;
    procs: number;
    wallMedianMs: number;
    wallP90Ms: number;
    cpuMedianMs: number;
    cpuP90Ms: number;
    childCpuMsPerTick: number;
  }>;
}

/** Runs scripts/bench.ts on `procs` processes; each method's wall per tick against the raw floor (d). */
export async function samplerSection(o: BenchOptions): Promise<Section> {
  const procs = o.quick ? 20 : 200;
  const ticks = o.quick ? 5 : 30;
  const r = await runProgram(process.execPath, [
    '--import',
    'tsx',
    resolve(ROOT, 'scripts/bench.ts'),
    '--procs',
    String(procs),
    '--ticks',
    String(ticks),
    '--json',
  ]);
  if (r.code !== 0)
    throw new Error(`scripts/bench.ts failed (${String(r.code)}): ${r.stderr.trim().split('\n')[0] ?? ''}`);
  const f = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as SamplerFigures;
  const floor = f.methods.find((m) => m.label.startsWith('(d)'));
  return {
    id: 'sampler',
    title: `Sampler back ends alone: one tick over ${f.procs} processes (scripts/bench.ts)`,
    rows: f.methods.map((m) =>
      finish({
        label: m.label.replace(/\s+/g, ' '),
        figure: round(m.wallMedianMs, 2),
        unit: 'ms wall / tick (median)',
        reference: floor ? { label: 'raw floor (d)', figure: round(floor.wallMedianMs, 2) } : null,
        detail: {
          procs: m.procs,
          wallP90Ms: round(m.wallP90Ms, 2),
          cpuMedianMs: round(m.cpuMedianMs, 2),
          cpuP90Ms: round(m.cpuP90Ms, 2),
          childCpuMsPerTick: round(m.childCpuMsPerTick, 1),
        },
      }),
    ),
    notes: [`${ticks} ticks per method after 3 warm-up, round-robin, in one process (not end to end).`],
  };
}
