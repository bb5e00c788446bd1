/** The report of one run, as the CLI prints it with `--json` and the view exports it. */
import type { LabEvent } from './events';
import type { ProcRole, ProcState } from './process';

export type FactValue = string | number | boolean | null | FactValue[] | { [k: string]: FactValue };

/** One process in a report. */
export interface ReportProcess {
  pid: number;
  ppid: number;
  ppids: number[];
  name: string;
  role: ProcRole;
  startMs: number;
  endMs: number | null;
  exitCode: number | null;
  signal: string | null;
  pyExitcode: number | null;
  states: ProcState[];
}

export interface RunReport {
  experiment: string;
  runId: string;
  options: Record<string, unknown>;
  platform: {
    os: string;
    arch: string;
    release: string;
    cores: number;
    node: string;
    sampler: string;
  };
  /** ISO time the run started. */
  startedAt: string;
  wallMs: number;
  /** True when the run was ended early (Stop, kill-all, timeout). */
  stopped: boolean;
  /** Why the run failed, if it did (main crashed, program not found, …). */
  error: string | null;
  processes: ReportProcess[];
  events: LabEvent[];
  facts: Record<string, FactValue>;
  /** Pids of this run's processes still alive when the report was written. Must be []. */
  leaked: number[];
}
