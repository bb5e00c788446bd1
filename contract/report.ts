/** The report of one run, as the CLI prints it with `--json` and the view exports it. */
import type { LabEvent } from './events';
import type { ProcRecord } from './process';
import type { PythonBlock } from './python-trace';
import type { PythonFacts } from './python-facts';

/** One measured fact's value: plain JSON, so a report prints and parses as it is. */
export type FactValue = string | number | boolean | null | FactValue[] | { [k: string]: FactValue };

/** One process in a report: its record's identity and history, without the live usage. */
export type ReportProcess = Pick<
  ProcRecord,
  'pid' | 'ppid' | 'ppids' | 'name' | 'role' | 'startMs' | 'endMs' | 'exitCode' | 'signal' | 'pyExitcode' | 'states'
>;

/** Everything one run measured: what ran where, its processes, its events and its facts. */
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
  /** A traced Python run only: the interpreter that ran it and the start method its children used. */
  python?: PythonBlock;
  /** A traced Python run only: what its trace shows, beside the lecture's own figures. */
  pythonFacts?: PythonFacts;
}
