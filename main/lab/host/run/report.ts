/** Turning a finished run into its report. */
import { arch, cpus, platform, release } from 'node:os';
import type { ProcRecord } from '../../../../contract/process';
import type { LabEvent } from '../../../../contract/events';
import type { PythonBlock } from '../../../../contract/python-trace';
import type { PythonFacts } from '../../../../contract/python-facts';
import type { FactValue, ReportProcess, RunReport } from '../../../../contract/report';
import type { RunTarget } from './handle';

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

/** What a finished run knows, for its report. */
export interface FinishedRun {
  target: RunTarget;
  runId: string;
  /** The sampler back end's name. */
  sampler: string;
  startedAt: Date;
  wallMs: number;
  stopped: boolean;
  error: string | null;
  records: readonly ProcRecord[];
  events: LabEvent[];
  facts: Record<string, FactValue>;
  leaked: number[];
  /** A traced Python run's interpreter block and the facts its trace shows. */
  python?: { python?: PythonBlock; pythonFacts?: PythonFacts };
}

/** The report of a finished run. */
export function runReport(run: FinishedRun): RunReport {
  const { target } = run;
  return {
    experiment: target.kind === 'experiment' ? target.experiment : (target.python?.experiment ?? 'observe'),
    runId: run.runId,
    options:
      target.kind === 'experiment'
        ? target.options
        : {
            ...target.options,
            command: [target.command, ...target.args],
            ...(target.python
              ? { python: true, startMethod: target.python.startMethod, timeScale: target.python.timeScale }
              : {}),
          },
    platform: platformInfo(run.sampler),
    startedAt: run.startedAt.toISOString(),
    wallMs: Math.round(run.wallMs),
    stopped: run.stopped,
    error: run.error,
    processes: recordsToReport(run.records),
    events: run.events,
    facts: run.facts,
    leaked: run.leaked,
    ...run.python,
  };
}
