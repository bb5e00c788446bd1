/**
 * What an experiment is: metadata for every surface (CLI, tray, view), its options, the
 * lecture's Python beside the lab's own code, the script its main runs, and, optionally, what
 * the supervisor does while it runs (e.g. "reap now").
 */
import type { Bilingual, OptionSpec } from './options';
import type { MainContext } from '../run-main/main-context';
import type { RunHandle } from '../host/run/run';

export type ExperimentOptions = Record<string, unknown> & { timeScale: number; hz: number };

export interface ExperimentDef {
  /** CLI name, e.g. `join`. */
  id: string;
  /** Rows of `CONCEPTS.md` this experiment shows. */
  concepts: number[];
  title: Bilingual;
  summary: Bilingual;
  options: OptionSpec[];
  /** The lecture's Python for this claim, verbatim where the lecture has it. */
  lecture: string;
  /** The lab's own equivalent (the main script below), shown beside the lecture's. */
  labCode: string;
  /** Where the platform makes the lesson impossible in this form, why (shown, not hidden). */
  unsupported?: Partial<Record<NodeJS.Platform, Bilingual>>;
  /** Checks that span several options (throws a LabError `bad-options`); runs before anything starts. */
  validate?(opts: ExperimentOptions): void;
  /** Expected wall time in ms for these options (for progress bars). */
  expectedMs(opts: ExperimentOptions): number;
  /** The lecture's script. Runs inside the experiment's own main process, never in the app. */
  main(ctx: MainContext, opts: ExperimentOptions): Promise<void>;
  /** Supervisor-side steps while main runs (observe, then act: reap, kill the parent, …). */
  conduct?(run: RunHandle, opts: ExperimentOptions): Promise<void>;
}
