/**
 * What the bare view shows, kept current from the API: the experiments, the active runs, the
 * live lab processes, and the events as they arrive (one batch per sampler tick).
 */
import { SvelteSet } from 'svelte/reactivity';
import { resolveLanguage, type ExperimentInfo, type LabApi, type Language, type RunInfo } from '../../../contract/ipc';
import type { LabEvent } from '../../../contract/events';
import type { ProcRecord } from '../../../contract/process';

/** Events kept for the list (the view of its own issue shows them all). */
const RECENT = 30;

/** The live state of the lab, as the view sees it. */
export class LiveFeed {
  status = $state<'connecting' | 'connected' | 'failed'>('connecting');
  error = $state<string | null>(null);
  language = $state<Language>('en');
  experiments = $state.raw<ExperimentInfo[]>([]);
  runs = $state.raw<RunInfo[]>([]);
  eventCount = $state(0);
  recent = $state.raw<LabEvent[]>([]);
  electron = $state.raw<ProcRecord[]>([]);
  shownRun = $state<string | null>(null);
  /** Lab ids (`<runId>:<pid>`) of the lab's processes alive now. */
  #live = new SvelteSet<string>();
  #api: LabApi;

  /** How many lab processes are alive now. */
  get liveCount(): number {
    return this.#live.size;
  }

  constructor(api: LabApi) {
    this.#api = api;
  }

  /** Subscribes, then loads what is already there. */
  async start(): Promise<void> {
    const api = this.#api;
    api.onEvents((batch) => this.#onEvents(batch));
    api.onRunStarted((run) => (this.runs = [...this.runs.filter((r) => r.runId !== run.runId), run]));
    api.onRunEnded((report) => {
      this.runs = this.runs.filter((r) => r.runId !== report.runId);
      for (const id of [...this.#live]) if (id.startsWith(`${report.runId}:`)) this.#live.delete(id);
    });
    api.onElectronProcesses((records) => (this.electron = records));
    api.onShowRun(({ runId }) => (this.shownRun = runId));
    api.onSettingsChanged((s) => (this.language = resolveLanguage(s.language, navigator.language)));

    const [experiments, snapshot, settings] = await Promise.all([
      api.listExperiments(),
      api.snapshot(),
      api.getSettings(),
    ]);
    if (!experiments.ok || !snapshot.ok) {
      this.status = 'failed';
      this.error = (experiments.ok ? null : experiments.error.message) ?? (snapshot.ok ? null : snapshot.error.message);
      return;
    }
    this.language = resolveLanguage(settings.ok ? settings.value.language : 'auto', navigator.language);
    this.experiments = experiments.value;
    this.runs = snapshot.value.runs;
    for (const r of snapshot.value.records) if (r.role !== 'electron') this.#live.add(r.labId);
    this.electron = snapshot.value.records.filter((r) => r.role === 'electron');
    this.status = 'connected';
  }

  /** Starts an experiment with its defaults, `timeScale` aside. */
  async run(id: string, timeScale: number): Promise<void> {
    const r = await this.#api.runExperiment(id, { timeScale });
    this.error = r.ok ? null : `${r.error.code}: ${r.error.message}`;
    if (r.ok) this.shownRun = r.value.runId;
  }

  async stop(runId: string): Promise<void> {
    const r = await this.#api.stopRun(runId);
    this.error = r.ok ? null : `${r.error.code}: ${r.error.message}`;
  }

  async killAll(): Promise<void> {
    const r = await this.#api.killAll();
    this.error = r.ok ? null : `${r.error.code}: ${r.error.message}`;
  }

  #onEvents(batch: LabEvent[]): void {
    for (const ev of batch) {
      const id = `${ev.runId}:${ev.pid}`;
      if (ev.type === 'spawned') this.#live.add(id);
      else if (ev.type === 'exited' || ev.type === 'vanished') this.#live.delete(id);
    }
    this.eventCount += batch.length;
    this.recent = [...batch.toReversed(), ...this.recent].slice(0, RECENT);
  }
}
