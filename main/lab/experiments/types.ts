/**
 * What an experiment is, as every runtime may read it: metadata for every surface (CLI, tray,
 * view), its options and their checks, the lab's own code (the lecture's Python is the file
 * `<id>/lecture.py`, the one source for what is shown and what runs). Its
 * script (`<id>/main.ts`, run-main) and its conduct (`<id>/conduct.ts`, host) are registered
 * apart, by the runtime that runs them (`run-main/scripts.ts`, `host/conducts.ts`).
 */
import type { Bilingual, OptionSpec } from './options';

export type ExperimentOptions = Record<string, unknown> & { timeScale: number; hz: number };

export interface ExperimentDef {
  /** CLI name, e.g. `join`. */
  id: string;
  /** Rows of `CONCEPTS.md` this experiment shows. */
  concepts: number[];
  title: Bilingual;
  summary: Bilingual;
  options: OptionSpec[];
  /** The lab's own equivalent (its `main.ts`), shown beside the lecture's. */
  labCode: string;
  /** Where the platform makes the lesson impossible in this form, why (shown, not hidden). */
  unsupported?: Partial<Record<NodeJS.Platform, Bilingual>>;
  /** Checks that span several options (throws a LabError `bad-options`); runs before anything starts. */
  validate?(opts: ExperimentOptions): void;
  /** Expected wall time in ms for these options (for progress bars). */
  expectedMs(opts: ExperimentOptions): number;
}
