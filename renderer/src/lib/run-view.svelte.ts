/**
 * One run as the view knows it: what the engine said of it (its info, estimate and report), the
 * guess locked in for it, its process model, and its replay while one is open.
 */
import type { RunInfo } from '../../../contract/ipc';
import type { RunReport } from '../../../contract/report';
import { ProcessModel } from './process-model.svelte';
import { Replay } from './replay.svelte';

/** One run as the view knows it. */
export class RunView {
  readonly runId: string;
  info = $state.raw<RunInfo | null>(null);
  /** The engine's estimate for this run's options (only for runs started from this page). */
  expectedMs = $state<number | null>(null);
  report = $state.raw<RunReport | null>(null);
  /** The guess locked in when Run was pressed (null: no guess). */
  guess = $state<string | null>(null);
  model = $state.raw<ProcessModel>(new ProcessModel());
  /** Opened from a saved report ("Open run…"), not run from this page. */
  fromFile = false;
  /** The replay of this ended run, while one is open: the tree shows its instant. */
  replay = $state.raw<Replay | null>(null);

  constructor(runId: string, keepExitedMs: number) {
    this.runId = runId;
    this.model.keepExitedMs = keepExitedMs;
  }

  /** A run opened from a saved report ("Open run…"): its model is the report's story. */
  static fromFile(report: RunReport, keepExitedMs: number): RunView {
    const run = new RunView(report.runId, keepExitedMs);
    run.fromFile = true;
    run.report = report;
    run.model.loadReport(report);
    return run;
  }

  /** The experiment's id, once known (`observe` for an observed program). */
  get experiment(): string | null {
    return this.report?.experiment ?? this.info?.experiment ?? null;
  }
  get running(): boolean {
    return this.report === null;
  }
  /** What the tree and the details show: the replay's instant, else the run as it stands. */
  get shownModel(): ProcessModel {
    return this.replay?.model ?? this.model;
  }
  /** Opens the replay of this ended run (at `at` ms; its end by default), or returns the open one. */
  beginReplay(at?: number): Replay | null {
    if (!this.report) return null;
    this.replay ??= new Replay(this.report, at);
    return this.replay;
  }
  /** Closes the replay: the tree shows the run as it ended. */
  endReplay(): void {
    this.replay?.dispose();
    this.replay = null;
  }
  /** The lab's processes of this run alive now (none once it ended). */
  get liveLabCount(): number {
    let n = 0;
    if (this.running) for (const p of this.model.procs.values()) if (p.kind === 'lab' && p.state !== 'exited') n++;
    return n;
  }
}

/** Runs kept with their full model; older ended runs keep only their report (a model is rebuilt on demand). */
export const MODELS_KEPT = 12;

/**
 * Keeps the full model of the latest {@link MODELS_KEPT} ended runs only (and of the shown
 * one): an older run's model is rebuilt from its report, dropping its live-only usage history.
 */
export function keepLatestModels(runs: readonly RunView[], shownRunId: string | null, keepExitedMs: number): void {
  const ended = runs.filter((r) => !r.running);
  for (const old of ended.slice(0, Math.max(0, ended.length - MODELS_KEPT))) {
    if (old.runId === shownRunId) continue;
    old.model.dispose();
    old.model = new ProcessModel({ keepExitedMs });
    old.model.loadReport(old.report!);
  }
}
