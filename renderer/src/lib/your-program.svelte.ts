/**
 * "Your program": the state of the entry that runs a `.py` file the user chose, traced, like the
 * lecture's Python. The view never sends a path or code: in the app the door opens the native
 * dialog (`chooseProgram`), in a browser it names one of the server's `--programs` files by id
 * (`runProgram`). A run it starts is shown in the same tree, timeline and details as any other
 * ({@link LabState.show}).
 */
import type {
  LabApi,
  LabFailure,
  LabResult,
  LecturePythonOptions,
  ProgramChoice,
  RunStarted,
} from '../../../contract/ipc';
import type { LabState, RunView } from './lab-state.svelte';

/** The id the experiment list selects "Your program" by (no experiment can have it: ids are kebab-case). */
export const YOUR_PROGRAM = 'your-program';

/** A start method, or the program's own default (Python's for the platform, or its `set_start_method`). */
export type MethodChoice = 'default' | NonNullable<LecturePythonOptions['startMethod']>;

/** See the module comment. */
export class ProgramRunner {
  /** Where and what the user may pick (null until the door has answered). */
  choice = $state.raw<ProgramChoice | null>(null);
  /** The program picked in the folder list (browser). */
  picked = $state<string | null>(null);
  method = $state<MethodChoice>('default');
  /** The last refusal (no interpreter, an id no longer in the folder, …), shown in the entry. */
  error = $state.raw<LabFailure | null>(null);
  /** The runs this entry started, oldest first. */
  runIds = $state.raw<string[]>([]);
  /** True while the app's dialog is open or a run is being started. */
  busy = $state(false);

  #api: LabApi;
  #lab: LabState;

  constructor(api: LabApi, lab: LabState) {
    this.#api = api;
    this.#lab = lab;
  }

  /** The latest run this entry started (going on or ended). */
  get latest(): RunView | undefined {
    const id = this.runIds.at(-1);
    return id === undefined ? undefined : this.#lab.runs.find((r) => r.runId === id);
  }

  /** Asks the door where programs come from here (again: a file added to the folder shows). */
  async load(): Promise<void> {
    const r = await this.#api.listPrograms();
    if (!r.ok) {
      this.error = r.error;
      return;
    }
    this.choice = r.value;
    if (!r.value.programs.some((p) => p.id === this.picked)) this.picked = r.value.programs[0]?.id ?? null;
    // A method this platform lacks (Windows: spawn only) is never sent.
    if (this.method !== 'default' && !r.value.startMethods.includes(this.method)) this.method = 'default';
  }

  /** Runs the picked program (browser), or opens the app's dialog and runs what the user chose. */
  async run(): Promise<void> {
    const choice = this.choice;
    if (!choice || this.busy || this.latest?.running) return;
    const options: LecturePythonOptions = this.method === 'default' ? {} : { startMethod: this.method };
    this.busy = true;
    this.error = null;
    try {
      let r: LabResult<RunStarted | null>;
      if (choice.picker === 'dialog') r = await this.#api.chooseProgram(options);
      else if (this.picked !== null) r = await this.#api.runProgram(this.picked, options);
      else return;
      if (!r.ok) {
        this.error = r.error;
        // The folder may have changed under us: list it again.
        if (r.error.code === 'unknown-program') await this.load();
        return;
      }
      if (r.value === null) return; // The dialog was cancelled: nothing ran.
      this.runIds = [...this.runIds, r.value.runId];
      this.#lab.show(r.value.runId);
    } finally {
      this.busy = false;
    }
  }

  /** Stops the latest run. */
  async stop(): Promise<void> {
    const run = this.latest;
    if (run?.running) await this.#lab.stop(run.runId);
  }
}
