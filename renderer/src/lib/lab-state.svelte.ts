/**
 * The app's state: the experiments, the one selected, every run (going on or ended) with its
 * process model and report, the options being edited, the student's predictions, and the
 * errors the door answered with. Components read it and call its methods; only this class
 * talks to the {@link LabApi}.
 *
 * One `ProcessModel` per run: a run's event times are relative to its own start, so two
 * runs never share a tree or a timeline. Events are routed by run id as they arrive, even for
 * runs started elsewhere (the tray, another browser tab) or before `runExperiment` has answered,
 * and folded once per animation frame however many pushes came before it ({@link FrameBatch}).
 */
import type {
  ExperimentInfo,
  LabApi,
  LabFailure,
  LabResult,
  LabSignal,
  RunInfo,
  RunStarted,
} from '../../../contract/ipc';
import type { LabEvent } from '../../../contract/events';
import type { ProcRecord } from '../../../contract/process';
import type { RunReport } from '../../../contract/report';
import { parseReport, type ReportProblem } from '../../../contract/report-schema';
import { FrameBatch } from './frame-batch';
import { ErrorBook } from './error-book.svelte';
import type { ErrorScope, LabErrors } from './lab-errors';
import { ExperimentForms, type ParsedForm } from './experiment-forms.svelte';
import type { RawValue } from './options';
import type { Replay } from './replay.svelte';
import { RunView, keepLatestModels } from './run-view.svelte';
import { lectureOptions, type StartMethod } from './start-compare';
import { StartCompare } from './start-compare.svelte';
import { WallClock } from './wall-clock.svelte';

export { RunView };

export type { ErrorScope };

/** The app's state; see the module comment. */
export class LabState {
  status = $state<'connecting' | 'connected' | 'failed' | 'lost'>('connecting');
  experiments = $state.raw<ExperimentInfo[]>([]);
  selectedId = $state<string | null>(null);
  /** Every run this page knows, oldest first. */
  runs = $state.raw<RunView[]>([]);
  /** The run the tree, timeline and details show. */
  shownRunId = $state<string | null>(null);
  /** The process selected in the tree (shown in the details). */
  selectedPid = $state<number | null>(null);
  /** The app's own Electron processes (empty in a browser). */
  electron = $state.raw<ProcRecord[]>([]);
  /** Errors by scope (an experiment id, `process`, `global`). */
  get errors(): LabErrors {
    return this.#errors.all;
  }
  /** The guess being made for the next run, per experiment. */
  guesses = $state<Record<string, string | null>>({});
  /** Per experiment: run the lab's version (its Node imitation) or the lecture's own Python program. */
  runAs = $state<Record<string, 'lab' | 'lecture'>>({});
  /** Wall clock, ticking while a run goes on (for the progress bars). */
  get now(): number {
    return this.#clock.now;
  }
  /** True while a signal or reap is on its way (the details' buttons wait). */
  actionBusy = $state(false);
  /** The last "kill all" answer: processes still alive after it (must be none). */
  killAllLeaked = $state.raw<number[] | null>(null);
  /** Why the last file given to "Open run…" could not be opened (null: it opened, or none yet). */
  openProblem = $state.raw<ReportProblem | null>(null);

  /** The options being edited, per experiment (the settings give every form its hz and time scale). */
  #forms: ExperimentForms;
  #keepExitedMs: number;
  #api: LabApi;
  #errors = new ErrorBook();
  /** The lecture's Python under each start method; the single run's start method. */
  readonly compare = new StartCompare({
    runLecture: (id, m) => this.runLecture(id, m),
    reportOf: (runId) => this.runs.find((r) => r.runId === runId)?.report ?? null,
  });
  #unsubscribe: Array<() => void> = [];
  #clock = new WallClock();
  /** The pushed events not folded yet: they are folded together at the next frame. */
  #events = new FrameBatch<LabEvent>((events) => this.#onEvents(events));

  constructor(api: LabApi, defaults: { hz: number; timeScale: number; keepExitedSec: number }) {
    this.#api = api;
    this.#forms = new ExperimentForms(defaults);
    this.#keepExitedMs = defaults.keepExitedSec * 1000;
  }

  // ---- derived views ----------------------------------------------------------------------

  /** The selected experiment. */
  get selected(): ExperimentInfo | undefined {
    return this.experiments.find((e) => e.id === this.selectedId);
  }
  /** The run shown in the tree and the timeline. */
  get shownRun(): RunView | undefined {
    return this.runs.find((r) => r.runId === this.shownRunId);
  }
  /** The latest run of an experiment (going on or ended). */
  latestRun(experiment: string): RunView | undefined {
    return this.runs.findLast((r) => r.experiment === experiment);
  }
  /** The latest ended run of an experiment. */
  lastEnded(experiment: string): RunView | undefined {
    return this.runs.findLast((r) => r.experiment === experiment && r.report !== null);
  }
  /** Experiments with a run going on. */
  get runningExperiments(): string[] {
    return this.runs.flatMap((r) => (r.running && r.experiment ? [r.experiment] : []));
  }
  /** Every ended report of an experiment, oldest first (the race compares its modes from them). */
  reportsOf(experiment: string): RunReport[] {
    return this.runs.flatMap((r) => (r.report && r.report.experiment === experiment ? [r.report] : []));
  }
  /** Lab processes alive now, over every run. */
  get liveCount(): number {
    return this.runs.reduce((n, r) => n + r.liveLabCount, 0);
  }

  /** The selected experiment's form: the raw control values and what they parse to. */
  form(experiment: ExperimentInfo): ParsedForm {
    return this.#forms.form(experiment);
  }

  // ---- start-up ---------------------------------------------------------------------------

  /** Subscribes to the pushes, then loads the experiments and whatever is already running. */
  async start(): Promise<void> {
    const api = this.#api;
    this.#unsubscribe.push(
      api.onEvents((batch) => this.#events.push(batch)),
      api.onRunStarted((info) => void (this.#run(info.runId).info ??= info)),
      api.onRunEnded((report) => this.#onEnded(report)),
      api.onElectronProcesses((records) => {
        this.electron = records;
        this.shownRun?.model.setElectronProcesses(records);
      }),
      api.onShowRun(({ runId }) => this.show(runId)),
    );
    const [experiments, snapshot] = await Promise.all([api.listExperiments(), api.snapshot()]);
    if (!experiments.ok || !snapshot.ok) {
      this.status = 'failed';
      this.#errors.set('global', experiments.ok ? (snapshot as { error: LabFailure }).error : experiments.error);
      return;
    }
    this.experiments = experiments.value;
    this.selectedId ??= experiments.value.find((e) => !e.unsupported)?.id ?? experiments.value[0]?.id ?? null;
    this.#seed(snapshot.value.runs, snapshot.value.records, snapshot.value.events);
    this.status = 'connected';
  }

  /** The engine can no longer be reached: said, and no run counted live (no event will come). */
  markLost(): void {
    this.#events.flush();
    this.status = 'lost';
    this.#clock.stop();
  }

  /** Unsubscribes and stops the timers (the page is going away). */
  dispose(): void {
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe = [];
    this.#events.dispose();
    this.#clock.stop();
    for (const r of this.runs) {
      r.model.dispose();
      r.replay?.dispose();
    }
  }

  // ---- what the user does -----------------------------------------------------------------

  /** Selects an experiment, and shows its latest run if it has one. */
  select(id: string): void {
    // "Your program" (your-program.svelte.ts) is an entry of the list too, though not an experiment.
    if (id !== 'your-program' && !this.experiments.some((e) => e.id === id)) return;
    this.selectedId = id;
    const latest = this.latestRun(id);
    if (latest) this.show(latest.runId);
  }

  /** Selects the experiment `delta` places away in the lecture's order. */
  selectNext(delta: 1 | -1): void {
    const i = this.experiments.findIndex((e) => e.id === this.selectedId);
    const next = this.experiments[Math.min(this.experiments.length - 1, Math.max(0, i + delta))];
    if (next) this.select(next.id);
  }

  /** Shows a run in the tree, the timeline and the details. */
  show(runId: string): void {
    for (const r of this.runs) r.replay?.pause();
    const run = this.#run(runId);
    this.shownRunId = runId;
    this.selectedPid = null;
    if (run.experiment && run.experiment !== this.selectedId && this.experiments.some((e) => e.id === run.experiment))
      this.selectedId = run.experiment;
    run.model.setElectronProcesses(this.electron);
  }

  /** Changes one control of an experiment's form. */
  setOption(experiment: ExperimentInfo, key: string, value: RawValue): void {
    this.#forms.set(experiment, key, value);
  }

  /** Puts an experiment's form back to its defaults (with the settings' hz and time scale). */
  resetForm(experiment: ExperimentInfo): void {
    this.#forms.reset(experiment);
  }

  /** New defaults from the settings: every form's hz and time scale take them. */
  applySettings(s: { hz: number; timeScale: number; keepExitedSec: number }): void {
    this.#forms.applyDefaults(s);
    this.#keepExitedMs = s.keepExitedSec * 1000;
    for (const r of this.runs) r.model.keepExitedMs = this.#keepExitedMs;
  }

  /** Records the student's guess for the next run of an experiment. */
  setGuess(experiment: string, value: string | null): void {
    this.guesses[experiment] = value;
  }

  /** Runs the selected experiment with the form's options; a refusal is shown in its panel. */
  async run(): Promise<void> {
    const e = this.selected;
    if (!e || e.unsupported) return;
    const { values, errors } = this.form(e);
    if (Object.keys(errors).length > 0) return;
    if (this.runAs[e.id] === 'lecture')
      return void (await this.runLecture(e.id, this.compare.method[e.id] || undefined));
    this.#errors.clear(e.id);
    const guess = this.guesses[e.id] ?? null;
    const r = await this.#api.runExperiment(e.id, values);
    if (!r.ok) return this.#errors.set(e.id, r.error);
    this.#onStarted(r.value, guess);
  }

  /**
   * Runs an experiment's lecture program (under `startMethod`, else the platform's default);
   * its run id, or null when refused (the panel shows why).
   */
  async runLecture(id: string, startMethod?: StartMethod): Promise<string | null> {
    const e = this.experiments.find((x) => x.id === id);
    const form = e && !e.unsupported ? this.form(e) : null;
    if (!form || Object.keys(form.errors).length > 0) return null;
    this.#errors.clear(id);
    const guess = this.guesses[id] ?? null;
    const r = await this.#api.runLecturePython(id, lectureOptions(form.values, startMethod));
    if (!r.ok) {
      this.#errors.set(id, r.error);
      return null;
    }
    this.#onStarted(r.value, guess);
    return r.value.runId;
  }

  /** Sets some of an experiment's options, then runs it (the race's interleaving picker). */
  async runWith(experiment: ExperimentInfo, patch: Record<string, RawValue>): Promise<void> {
    for (const [k, v] of Object.entries(patch)) this.setOption(experiment, k, v);
    this.select(experiment.id);
    await this.run();
  }

  /** Stops a run (SIGTERM to its group, then SIGKILL after the grace period). */
  async stop(runId: string): Promise<void> {
    const run = this.runs.find((r) => r.runId === runId);
    const scope = run?.experiment ?? 'global';
    this.#errors.report(scope, await this.#api.stopRun(runId));
  }

  /** Sends a signal to one of the lab's processes. */
  async signal(pid: number, signal: LabSignal): Promise<void> {
    await this.#action(() => this.#api.signal(pid, signal));
  }

  /** Asks a zombie's parent (a lab main) to wait() for it. */
  async reap(pid: number): Promise<void> {
    await this.#action(() => this.#api.reap(pid));
  }

  async #action(call: () => Promise<LabResult<unknown>>): Promise<void> {
    this.actionBusy = true;
    try {
      this.#errors.report('process', await call());
    } finally {
      this.actionBusy = false;
    }
  }

  /** Ends every lab process on this machine. */
  async killAll(): Promise<void> {
    const r = await this.#api.killAll();
    if (!r.ok) return this.#errors.set('global', r.error);
    this.#errors.clear('global');
    this.killAllLeaked = r.value.leaked;
  }

  /**
   * Opens a saved report (the view's export, the CLI's `--json`) as a run of its own, shown at
   * its start ready to replay. A file that is not a report of this format changes nothing but
   * {@link openProblem}.
   */
  openReport(text: string): boolean {
    const parsed = parseReport(text);
    if (!parsed.ok) {
      this.openProblem = parsed.problem;
      return false;
    }
    this.openProblem = null;
    const report = parsed.report;
    // A run this page already knows (its own export, or a file opened twice) is shown again.
    if (!this.runs.some((r) => r.runId === report.runId)) {
      this.runs = [...this.runs, RunView.fromFile(report, this.#keepExitedMs)];
    }
    this.show(report.runId);
    this.beginReplay(report.runId, 0);
    return true;
  }

  /** Opens the replay of an ended run (at `at` ms; its end by default), or returns the open one. */
  beginReplay(runId: string, at?: number): Replay | null {
    return this.runs.find((r) => r.runId === runId)?.beginReplay(at) ?? null;
  }

  /** Closes a run's replay: the tree shows the run as it ended. */
  endReplay(runId: string): void {
    this.runs.find((r) => r.runId === runId)?.endReplay();
  }

  /** Forgets an error once the user has read it. */
  dismiss(scope: ErrorScope): void {
    this.#errors.clear(scope);
  }

  // ---- the engine's pushes ----------------------------------------------------------------

  #onStarted(started: RunStarted, guess: string | null): void {
    const run = this.#run(started.runId);
    const { expectedMs, ...info } = started;
    run.info = info;
    run.expectedMs = expectedMs;
    run.guess = guess;
    this.show(started.runId);
  }

  /**
   * Folds every event pushed since the last frame into its run's model: one fold (one copy of
   * the touched processes, one new tree) per run per frame.
   */
  #onEvents(batch: LabEvent[]): void {
    // A push is one run's tick, but nothing in the contract promises it: group to be safe.
    const byRun: Record<string, LabEvent[]> = {};
    for (const e of batch) (byRun[e.runId] ??= []).push(e);
    for (const [runId, events] of Object.entries(byRun)) this.#run(runId).model.apply(events);
  }

  #onEnded(report: RunReport): void {
    // The run's last events come before its report: fold them first.
    this.#events.flush();
    const run = this.#run(report.runId);
    run.report = report;
    run.model.finishRun(report);
    this.#syncClock();
    this.compare.ended(report);
    keepLatestModels(this.runs, this.shownRunId, this.#keepExitedMs);
  }

  /** Runs already going on when the page opened: their events so far, folded as the live stream is. */
  #seed(runs: RunInfo[], records: ProcRecord[], events: LabEvent[]): void {
    for (const info of runs) {
      const run = this.#run(info.runId);
      run.info ??= info;
      run.model.apply(events.filter((e) => e.runId === info.runId));
    }
    this.electron = records.filter((r) => r.role === 'electron');
    const last = runs.at(-1);
    if (last) this.show(last.runId);
  }

  /** The run with this id, made on first sight. */
  #run(runId: string): RunView {
    let run = this.runs.find((r) => r.runId === runId);
    if (!run) {
      run = new RunView(runId, this.#keepExitedMs);
      this.runs = [...this.runs, run];
      this.#syncClock();
    }
    return run;
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Ticks the clock every 100 ms while any run goes on, and not otherwise. */
  #syncClock(): void {
    this.#clock.tickWhile(this.runs.some((r) => r.running));
  }
}
