/** Turning a run's records into its report. */
import { arch, cpus, platform, release } from 'node:os';
import type { ProcRecord } from '../../../../contract/process';
import type { ReportProcess, RunReport } from '../../../../contract/report';

/** The report's `processes`: each record's public fields, in order of appearance. */
export function recordsToReport(records: readonly ProcRecord[]): ReportProcess[] {
  return [...records]
    .sort((a, b) => a.startMs - b.startMs)
    .map((r) => ({
      pid: r.pid,
      ppid: r.ppid,
      ppids: [...r.ppids],
      name: r.name,
      role: r.role,
      startMs: Math.round(r.startMs),
      endMs: r.endMs === null ? null : Math.round(r.endMs),
      exitCode: r.exitCode,
      signal: r.signal,
      pyExitcode: r.pyExitcode,
      states: [...r.states],
    }));
}

/** Where the run happened: the facts a reader needs to compare figures across machines. */
export function platformInfo(sampler: string): RunReport['platform'] {
  return {
    os: platform(),
    arch: arch(),
    release: release(),
    cores: cpus().length,
    node: process.versions.node,
    sampler,
  };
}
