/**
 * The view's picture of the processes: the engine's event stream folded into one immutable
 * {@link ProcView} per pid, with everything the tree, the details and the timeline draw (state
 * history with times, ppid history, exit info, CPU/RSS history, printed lines).
 *
 * Cheap at 10 Hz with hundreds of processes: the collections are `$state.raw` and replaced,
 * never mutated, and one batch copies only the processes it touches (once each), so a keyed
 * `{#each}` re-renders just those.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- every Map here is built within one call and
   then stored whole in a `$state.raw` (replaced, never mutated after): SvelteMap's per-key
   signals would only add cost at 10 Hz. */
import type { LabEvent } from '../../../contract/events';
import type { ProcRecord } from '../../../contract/process';
import type { FactValue, RunReport } from '../../../contract/report';
import { factsOf, type ExperimentFacts, type FactsExperiment } from '../../../contract/experiments';
import {
  foldProcessEvent,
  spawnedProcess,
  type PrintedLine,
  type SignalMark,
  type StateSpan,
  type TaskStep,
  type ViewState,
} from '../../../contract/fold';

export type { PrintedLine, SignalMark, StateSpan, TaskStep, ViewState };
import {
  blank,
  type Draft,
  type FileVersion,
  type ProcView,
  type ProcessModelOptions,
  type RunMark,
} from './process-view';
export {
  formerParent,
  type FileVersion,
  type ProcKind,
  type ProcView,
  type ProcessModelOptions,
  type RunMark,
} from './process-view';
import { NO_USAGE, sampled, type Usage } from './usage';
import { CpuShareTracker, type CpuSpan } from './cpu-share';
export { NO_USAGE, type Usage };

/** Folds the lab's event stream into per-process view state. */
export class ProcessModel {
  /** Every process seen (lab processes and adopters), by pid. */
  procs = $state.raw<ReadonlyMap<number, ProcView>>(new Map());
  /** CPU and memory of every process sampled (lab and Electron), by pid; see {@link usageOf}. */
  usage = $state.raw<ReadonlyMap<number, Usage>>(new Map());
  /** The app's own Electron processes (from {@link setElectronProcesses}). */
  electron = $state.raw<readonly ProcView[]>([]);
  /** The runs' marks, in arrival order. */
  marks = $state.raw<readonly RunMark[]>([]);
  /** Every version of the runs' watched files, in arrival order. */
  files = $state.raw<readonly FileVersion[]>([]);
  /** Each process's measured CPU share over time, by pid (the lanes' shading: ./cpu-share.ts). */
  cpuShare = $state.raw<ReadonlyMap<number, readonly CpuSpan[]>>(new Map());
  #cpuShare = new CpuShareTracker();
  /** The latest run-relative time seen: where "now" is on the timeline. */
  lastT = $state(0);
  /** The run whose main was seen last. */
  currentRunId = $state<string | null>(null);
  /** The current run's experiment and measured facts, once its report is in. */
  experiment = $state<string | null>(null);
  facts = $state.raw<Readonly<Record<string, FactValue>> | null>(null);
  #keepExitedMs = $state(10_000);
  /** How long a gone process stays visible (greyed), ms: the user's keep-exited setting. */
  get keepExitedMs(): number {
    return this.#keepExitedMs;
  }
  set keepExitedMs(ms: number) {
    this.#keepExitedMs = Math.max(0, ms);
    this.clock = this.#now();
    this.#scheduleHide();
  }
  /** The wall clock as of the last change or hide deadline (re-evaluates {@link visible}). */
  clock = $state(0);

  /** Lab processes to draw now: gone ones only for `keepExitedMs` after they went. */
  readonly visible: readonly ProcView[] = $derived.by(() => {
    const out: ProcView[] = [];
    for (const p of this.procs.values())
      if (p.goneAt === null || this.clock - p.goneAt < this.keepExitedMs) out.push(p);
    return out;
  });

  /** Every lab process, in the order they appeared (the timeline's lanes). */
  readonly all: readonly ProcView[] = $derived([...this.procs.values()].filter((p) => p.kind === 'lab'));

  #historyLength: number;
  #linesKept: number;
  #now: () => number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: ProcessModelOptions = {}) {
    this.#historyLength = Math.max(2, opts.historyLength ?? 120);
    this.#linesKept = Math.max(1, opts.linesKept ?? 200);
    this.#now = opts.now ?? (() => Date.now());
    this.#keepExitedMs = Math.max(0, opts.keepExitedMs ?? 10_000);
    this.clock = this.#now();
  }

  /** One process, or undefined. */
  get(pid: number | null | undefined): ProcView | undefined {
    if (pid === null || pid === undefined) return undefined;
    return this.procs.get(pid) ?? this.electron.find((p) => p.pid === pid);
  }

  /** The CPU and memory of `pid` ({@link NO_USAGE} if never sampled). */
  usageOf(pid: number): Usage {
    return this.usage.get(pid) ?? NO_USAGE;
  }

  /** Children of `pid` now (orphans count under their adopter). */
  childrenOf(pid: number): ProcView[] {
    return [...this.procs.values()].filter((p) => p.ppid === pid && p.pid !== pid);
  }

  /** The current run's facts as experiment `id`'s: null before its report, or for another experiment. */
  factsOf<Id extends FactsExperiment>(id: Id): Partial<ExperimentFacts[Id]> | null {
    return this.experiment === null || this.facts === null
      ? null
      : factsOf({ experiment: this.experiment, facts: this.facts }, id);
  }

  /** Forgets everything (a new run, or a report to load). */
  reset(): void {
    const app = new Set(this.electron.map((p) => p.pid));
    this.usage = new Map([...this.usage].filter(([pid]) => app.has(pid)));
    this.procs = new Map();
    this.marks = [];
    this.files = [];
    this.cpuShare = new Map();
    this.#cpuShare = new CpuShareTracker();
    this.lastT = 0;
    this.currentRunId = null;
    this.experiment = null;
    this.facts = null;
    this.#clearTimer();
  }

  /** Stops the hide timer (when the view goes away). */
  dispose(): void {
    this.#clearTimer();
  }

  /** Folds one batch of live events (as `onEvents` delivers them). */
  apply(events: readonly LabEvent[]): void {
    this.#fold(events, true);
  }

  /**
   * Shows a finished run from its report alone: replays its events, then takes the final exit
   * facts. Nothing glows and nothing hides: it is a record, not a live run.
   */
  loadReport(report: RunReport): void {
    this.reset();
    this.#fold(report.events, false);
    this.finishRun(report);
  }

  /**
   * Takes a finished run's facts and end time. The processes are what the stream built: the
   * events carry every exit status (a `reaped` carries the one its parent collected), so there
   * is nothing to patch from the report.
   */
  finishRun(report: RunReport): void {
    if (this.currentRunId === null || this.currentRunId === report.runId) {
      this.currentRunId = report.runId;
      this.experiment = report.experiment;
      this.facts = report.facts;
      this.lastT = Math.max(this.lastT, report.wallMs);
    }
  }

  /** Replaces the app's own Electron processes; their CPU/RSS history carries over by pid. */
  setElectronProcesses(records: readonly ProcRecord[]): void {
    const usage = new Map(this.usage);
    for (const r of records) usage.set(r.pid, sampled(usage.get(r.pid) ?? NO_USAGE, r.cpu, r.rss, this.#historyLength));
    for (const old of this.electron) if (!records.some((r) => r.pid === old.pid)) usage.delete(old.pid);
    this.usage = usage;
    this.electron = records.map((r) =>
      blank(r.pid, {
        kind: 'electron',
        name: r.name,
        role: 'electron',
        labStarted: false,
        ppid: r.ppid,
        ppids: r.ppids,
        state: r.state,
        startMs: r.startMs,
      }),
    );
  }

  #fold(events: readonly LabEvent[], live: boolean): void {
    if (events.length === 0) return;
    const now = live ? this.#now() : null;
    const next = new Map(this.procs);
    // Copy each touched process once per batch, then edit the copy in place.
    const drafts = new Map<number, Draft>();
    const draft = (pid: number): Draft | undefined => {
      let d = drafts.get(pid);
      if (d) return d;
      const p = next.get(pid);
      if (!p) return undefined;
      d = {
        ...p,
        ppids: [...p.ppids],
        spans: p.spans.map((s) => ({ ...s })),
        signals: [...p.signals],
        calls: [...p.calls],
        lines: [...p.lines],
        steps: [...p.steps],
      };
      drafts.set(pid, d);
      next.set(pid, d);
      return d;
    };
    // Out of the process table: the view greys it (from now, when live).
    const fold = { linesKept: this.#linesKept, onLeave: (d: Draft) => (d.goneAt ??= now) };
    const marks: RunMark[] = [];
    const files: FileVersion[] = [];
    let usage: Map<number, Usage> | null = null;
    let changed = false;
    let cpuChanged = false;
    let lastT = this.lastT;
    let runId = this.currentRunId;

    for (const e of events) {
      lastT = Math.max(lastT, e.t);
      if (this.#cpuShare.add(e)) cpuChanged = true;
      if (e.type === 'spawned') {
        const old = next.get(e.pid);
        // A pid seen before in another run was reused by the OS: this is a new process.
        if (old && old.runId === e.runId && old.kind === 'lab') continue;
        next.set(
          e.pid,
          // The fold's own start of a process's story, plus what only the view keeps.
          blank(e.pid, {
            ...spawnedProcess(e.name, e.ppid, e.role, e.t, e.firstParentUnknown === true),
            runId: e.runId,
            labStarted: e.labStarted,
            seenAt: now,
          }),
        );
        drafts.delete(e.pid);
        changed = true;
        if (e.role === 'main' || e.role === 'observed') runId = e.runId;
        continue;
      }
      if (e.type === 'mark') {
        marks.push({ runId: e.runId, t: e.t, pid: e.pid, label: e.label, detail: e.detail ?? null });
        continue;
      }
      if (e.type === 'file') {
        files.push({ runId: e.runId, t: e.t, path: e.path, content: e.content });
        continue;
      }
      if (e.type === 'usage') {
        usage ??= new Map(this.usage);
        for (const s of e.samples) {
          const p = next.get(s.pid);
          if (!p || p.state === 'exited') continue;
          usage.set(s.pid, sampled(usage.get(s.pid) ?? NO_USAGE, s.cpu, s.rss, this.#historyLength));
        }
        continue;
      }
      if (e.type === 'reparented' && !next.has(e.to)) {
        // The adopter is not the lab's: shown only so the orphan has somewhere to sit.
        next.set(e.to, blank(e.to, { kind: 'adopter', name: e.toName, runId: e.runId, startMs: e.t }));
        changed = true;
      }
      const d = draft(e.pid);
      if (d) foldProcessEvent(d, e, fold);
      // A traced Python process said who it is (the forkserver, a launcher's shim).
      if (d && e.type === 'renamed' && e.role) d.role = e.role;
    }
    // A batch of usage only leaves the processes (and so the tree and the lanes) untouched.
    if (changed || drafts.size > 0) {
      this.procs = next;
      if (now !== null) {
        this.clock = now;
        this.#scheduleHide();
      }
    }
    if (usage) this.usage = usage;
    if (cpuChanged) this.cpuShare = new Map(this.#cpuShare.spans);
    if (marks.length > 0) this.marks = [...this.marks, ...marks];
    if (files.length > 0) this.files = [...this.files, ...files];
    this.lastT = lastT;
    this.currentRunId = runId;
  }

  /** Wakes up when the next gone process is due to be hidden, so it hides with no new events. */
  #scheduleHide(): void {
    this.#clearTimer();
    if (!Number.isFinite(this.keepExitedMs)) return;
    let due = Infinity;
    for (const p of this.procs.values())
      if (p.goneAt !== null && p.goneAt + this.keepExitedMs > this.clock)
        due = Math.min(due, p.goneAt + this.keepExitedMs);
    if (due === Infinity) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.clock = this.#now();
        this.#scheduleHide();
      },
      Math.max(0, due - this.clock) + 5,
    );
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
