/**
 * The parallel experiment's "1 core" option on real processes: each worker's CPU affinity is
 * read from its own /proc/<pid>/status the moment the engine reports it spawned (not taken from
 * what main says), and one core's worth of CPU bounds what the tasks used in the phase.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../../contract/events';
import type { ParallelFacts } from '../../../../../contract/experiments';
import { findTaskset, oneCoreUnavailable } from '../../../../../main/lab/experiments/parallel/one-core';
import { experimentInfo } from '../../../../../main/lab/host/experiment-info';
import { parallel } from '../../../../../main/lab/experiments/parallel/info';
import { labSupervisor } from '../../../../helpers/lab';

/** `Cpus_allowed_list` of a live process, or null once it is gone. */
function allowedList(pid: number): string | null {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Each CPU of a list such as `0-1,4`. */
function cpusOf(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

const here = process.platform === 'linux' && findTaskset() !== null;

describe('parallel: the "1 core" option', () => {
  it('is described as available here exactly when taskset is found (Linux)', () => {
    const opt = experimentInfo(parallel, '').options.find((o) => o.key === 'oneCore');
    expect(opt?.kind).toBe('boolean');
    const why = opt?.kind === 'boolean' ? opt.unavailable : undefined;
    if (here) expect(why).toBeNull();
    else expect(why?.en).toMatch(/taskset|macOS|Windows/);
    // Elsewhere it is described with its reason (the view disables it and shows that), and a
    // run asking for it is refused, never run unpinned while saying "1 core".
    const whyOn = (p: NodeJS.Platform): unknown =>
      experimentInfo(parallel, '', p).options.find((o) => o.key === 'oneCore' && o.kind === 'boolean');
    expect(whyOn('darwin')).toMatchObject({ unavailable: { en: expect.stringMatching(/macOS/) } });
    expect(whyOn('win32')).toMatchObject({ unavailable: { zh: expect.stringMatching(/Windows/) } });
    expect(oneCoreUnavailable('darwin')?.en).toMatch(/macOS/);
  });

  it.runIf(here)(
    'pins every worker to one CPU (its /proc status says so); the tasks use at most one core',
    { timeout: 60_000 },
    async () => {
      const sup = labSupervisor();
      const seen = new Map<number, string | null>();
      const onEvents = (batch: LabEvent[]): void => {
        // Read at once, while the worker runs: its affinity as the kernel holds it.
        for (const e of batch) if (e.type === 'spawned' && e.role === 'child') seen.set(e.pid, allowedList(e.pid));
      };
      sup.on('events', onEvents);
      const report = await sup.start('parallel', { tasks: 3, workMs: 300, hz: 10, oneCore: true }).done;
      sup.off('events', onEvents);
      expect(report.error).toBeNull();
      const f = report.facts as unknown as ParallelFacts;
      const workers = report.processes.filter((p) => p.role === 'child');
      expect(workers).toHaveLength(6);
      for (const w of workers) {
        const list = seen.get(w.pid);
        expect(list, `worker ${w.pid}`).toBeTruthy();
        expect(cpusOf(list!), `worker ${w.pid}: ${list}`).toHaveLength(1);
        expect(list).toBe(String(f.oneCore?.cpu));
      }
      // Main's own reading agrees with ours.
      expect(f.oneCore?.allowed).toBe(String(f.oneCore?.cpu));
      for (const t of f.perTask) expect(t.cpusAllowed).toBe(String(f.oneCore?.cpu));
      // One core: the three tasks together cannot use more CPU than the phase's wall time
      // (3 clock ticks of rounding allowed), whatever else the machine runs.
      expect(f.parallelCpuSumMs).toBeGreaterThanOrEqual(900);
      expect(f.parallelCpuSumMs).toBeLessThanOrEqual(f.parallelMs + 30);
      // And the figures that compare against the cores count the one the run had.
      expect(f.cpuCapacityPercent).toBe(100);
      expect(f.idealSpeedup).toBe(1);
    },
  );

  it.runIf(here && cpusOf(allowedList(process.pid) ?? '0').length > 1)(
    'off: the workers may run on every CPU this process may',
    { timeout: 60_000 },
    async () => {
      const sup = labSupervisor();
      const seen: Array<string | null> = [];
      const onEvents = (batch: LabEvent[]): void => {
        for (const e of batch) if (e.type === 'spawned' && e.role === 'child') seen.push(allowedList(e.pid));
      };
      sup.on('events', onEvents);
      const report = await sup.start('parallel', { tasks: 2, workMs: 100, hz: 10 }).done;
      sup.off('events', onEvents);
      expect(report.error).toBeNull();
      expect((report.facts as unknown as ParallelFacts).oneCore).toBeNull();
      expect(seen.length).toBeGreaterThan(0);
      for (const list of seen) expect(list).toBe(allowedList(process.pid));
    },
  );
});
