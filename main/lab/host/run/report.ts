/**
 * Turning a finished run into its report. Its processes are folded from its events with the
 * contract's one fold (the fold the view and a replay use), not copied from the live records:
 * the events are the run's one story.
 */
import { arch, cpus, platform, release } from 'node:os';
import type { LabEvent } from '../../../../contract/events';
import { reportProcesses } from '../../../../contract/fold';
import { REPORT_FORMAT, type FactValue, type ReportSampling, type RunReport } from '../../../../contract/report';
import type { PythonBlock } from '../../../../contract/python-trace';
import type { PythonFacts } from '../../../../contract/python-facts';
import type { RunTarget } from './handle';

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
  sampling: ReportSampling;
  startedAt: Date;
  wallMs: number;
  stopped: boolean;
  error: string | null;
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
    format: REPORT_FORMAT,
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
    sampling: run.sampling,
    wallMs: Math.round(run.wallMs),
    stopped: run.stopped,
    error: run.error,
    processes: reportProcesses(run.events),
    events: run.events,
    facts: run.facts,
    leaked: run.leaked,
    ...run.python,
  };
}
