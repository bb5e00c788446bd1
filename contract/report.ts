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
> & {
  /** When it was seen reaped; null: not reaped when the run ended (its adopter was late) or never ended. */
  reapedMs: number | null;
  /** Met already re-parented: `ppids[0]` is its adopter, its real first parent is unknown. */
  firstParentUnknown?: true;
  /** CPU % at its last sample; null where not measured (a zombie). */
  cpu?: number | null;
};

/** The rate the run was sampled at (the CLI and the view say it: "sampled at 25 Hz, auto"). */
export interface ReportSampling {
  mode: 'auto' | 'fixed';
  /** Ticks per second actually taken over the run. */
  hz: number;
  /** The steady rate the measured tick cost allowed (auto), or the fixed rate. */
  steadyHz: number;
  ticks: number;
  /** Ticks asked for by a hint (a message, a signal, an exit, a new pid, a traced call). */
  hinted: number;
  /** Mean measured cost of one tick, ms. */
  tickMs: number;
}

/**
 * The report's format version: a saved report of another format is refused on opening
 * (`./report-schema.ts`) rather than misread. Raise it when a field changes meaning or shape.
 */
export const REPORT_FORMAT = 1;

/** Everything one run measured: what ran where, its processes, its events and its facts. */
export interface RunReport {
  /** {@link REPORT_FORMAT} when written; absent in reports saved before it was named (read as 1). */
  format?: number;
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
  /** The rate used (absent in reports written before it was recorded). */
  sampling?: ReportSampling;
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
