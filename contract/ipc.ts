/**
 * The contract between the engine (Electron main, or the browser server) and the view: what the
 * view may ask for, what it gets back, and what it is told. Main, the preload, the renderer and
 * the server all import this file, so it never imports `electron` or any Node module, and it has
 * no runtime dependency (the request schemas, which need zod, live in `./requests`).
 *
 * As in VS Code's IPC, "a service becomes a channel": {@link LabResponses} lists the engine's
 * calls once; the channel names, the {@link LabApi} methods and the client that speaks them are
 * all derived from it, so no channel is ever written twice.
 */
import type { LabEvent } from './events';
import type { ProcRecord } from './process';
import type { RunReport } from './report';
import type { LabErrorCode, LabSignal } from './engine';
import type { Settings } from './settings';

// Defined in their own modules; re-exported here, where every side has always found them.
export * from './engine';
export * from './settings';

// ---- values carried over the door ----------------------------------------------------------

/** A text in both of the lab's languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** One experiment option, as the view needs it to draw a control (JSON-safe: no RegExp). */
export type OptionInfo = { key: string; help: Bilingual; common: boolean } & (
  | { kind: 'number'; min: number; max: number; default: number; integer: boolean }
  | { kind: 'numbers'; min: number; max: number; maxItems: number; default: number[] }
  | { kind: 'enum'; choices: string[]; default: string }
  | {
      kind: 'boolean';
      default: boolean;
      /** Why `true` cannot be honoured on this machine: the view disables it and says so. */
      unavailable?: Bilingual | null;
    }
  | { kind: 'string'; maxLength: number; default: string; pattern: string | null }
);

/** What the view shows of one experiment. */
export interface ExperimentInfo {
  /** The experiment's id (its CLI name), e.g. `join`. */
  id: string;
  /** Rows of the lecture's concept table this experiment shows. */
  concepts: number[];
  title: Bilingual;
  summary: Bilingual;
  /** Every option it takes, common ones (time scale, sampling rate) first. */
  options: OptionInfo[];
  /** Every option's default value. */
  defaults: Record<string, unknown>;
  /** Expected wall time with the defaults, ms. */
  expectedMs: number;
  /** The lecture's Python. */
  lecture: string;
  /** The lab's equivalent code. */
  labCode: string;
  /** Why this experiment cannot run on this platform, or null when it can. */
  unsupported: Bilingual | null;
}

/** A run that is going on. */
export interface RunInfo {
  runId: string;
  /** The experiment's id (`observe` for an observed program). */
  experiment: string;
  mainPid: number;
  /** ISO time it started. */
  startedAt: string;
  options: Record<string, unknown>;
}

/** How a lecture program runs: the start method, the sleeps' scale and the sampling rate (each optional). */
export interface LecturePythonOptions {
  startMethod?: 'fork' | 'spawn' | 'forkserver';
  timeScale?: number;
  hz?: number;
}

/** One program a user may run ("Your program"): an id to name it by, and the name to show. */
export interface ProgramEntry {
  /** The file's name in the server's programs folder (see `PROGRAM_ID` in ./programs): never a path. */
  id: string;
  name: string;
}

/** How "Your program" picks a file here, and what it may pick from. */
export interface ProgramChoice {
  /** `dialog`: the app's native open dialog ({@link LabRequests.chooseProgram}); `folder`: {@link programs}. */
  picker: 'dialog' | 'folder';
  /** A browser server started with `--programs DIR` (false: the list is empty, say how to start it). */
  folder: boolean;
  /** The `.py` files of that folder ({@link LabRequests.runProgram} takes an id). */
  programs: ProgramEntry[];
  /** The start methods this platform has (Windows: spawn only). */
  startMethods: Array<NonNullable<LecturePythonOptions['startMethod']>>;
}

/** What `runExperiment` answers once the run's main has started. */
export interface RunStarted extends RunInfo {
  /** Expected wall time for these options, ms (for a progress bar). */
  expectedMs: number;
}

/** Everything live right now: for a view that opens (or reconnects) in the middle of a run. */
export interface LabSnapshot {
  runs: RunInfo[];
  /** Live processes of every active run, then the app's own Electron processes. */
  records: ProcRecord[];
  /**
   * Every event of the active runs so far, in order: a view that opens mid-run folds them as it
   * folds the live stream (contract/fold.ts), so it sees each run as it really went.
   */
  events: LabEvent[];
}

// ---- results and errors ----------------------------------------------------------------------

/** A failure as the view sees it: a code to translate and one line for a human. No stack, no path. */
export interface LabFailure {
  code: LabErrorCode;
  message: string;
}

/**
 * Every call answers with a result instead of throwing: errors thrown across Electron's IPC or
 * `contextBridge` lose everything but their message, so the code travels as data.
 */
export type LabResult<T> = { ok: true; value: T } | { ok: false; error: LabFailure };

// ---- the calls (view → engine) ---------------------------------------------------------------

/** What each call answers with. Adding a call here adds its channel, its method and its client. */
export interface LabResponses {
  listExperiments: ExperimentInfo[];
  runExperiment: RunStarted;
  runLecturePython: RunStarted;
  listPrograms: ProgramChoice;
  runProgram: RunStarted;
  /** Null: the user closed the dialog without choosing (nothing ran). */
  chooseProgram: RunStarted | null;
  stopRun: null;
  signal: null;
  reap: null;
  killAll: { leaked: number[] };
  snapshot: LabSnapshot;
  getSettings: Settings;
  setSettings: Settings;
}

/** The arguments of each call (checked at run time by the schemas in `./requests`). */
export interface LabRequests {
  listExperiments: [];
  /** An experiment id and its options (validated against that experiment's own schema). */
  runExperiment: [experiment: string, options: Record<string, unknown>];
  /**
   * "The lecture's Python": the experiment's own `lecture.py`, run traced (calls, prints per
   * process, the python block). The view names the experiment only, never a path or code.
   */
  runLecturePython: [experiment: string, options: LecturePythonOptions];
  /** "Your program": where the user picks one (the app's dialog, the server's folder), and the list. */
  listPrograms: [];
  /** Runs one program of the browser server's `--programs` folder, traced, named by its id only. */
  runProgram: [id: string, options: LecturePythonOptions];
  /** The app's native open dialog (*.py), then the chosen file runs traced: the view sends no path. */
  chooseProgram: [options: LecturePythonOptions];
  stopRun: [runId: string];
  /** Only processes the lab started, and only signals of {@link LAB_SIGNALS}. */
  signal: [pid: number, signal: LabSignal];
  /** Asks a zombie's parent (a lab main) to `wait()` for it. */
  reap: [pid: number];
  killAll: [];
  snapshot: [];
  getSettings: [];
  setSettings: [patch: Partial<Settings>];
}

/** The name of one call, e.g. `runExperiment`. */
export type LabMethod = keyof LabResponses;

/** Every call, in a fixed order (the keys of {@link LabResponses}). */
export const LAB_METHODS = [
  'listExperiments',
  'runExperiment',
  'runLecturePython',
  'listPrograms',
  'runProgram',
  'chooseProgram',
  'stopRun',
  'signal',
  'reap',
  'killAll',
  'snapshot',
  'getSettings',
  'setSettings',
] as const satisfies readonly LabMethod[];

/** The calls as functions: each resolves with a {@link LabResult}, never rejects. */
export type LabCalls = {
  [M in LabMethod]: (...args: LabRequests[M]) => Promise<LabResult<LabResponses[M]>>;
};

// ---- the pushes (engine → view) --------------------------------------------------------------

/** What the engine tells the view without being asked. */
export interface LabPushes {
  /** Events of one sampler tick of one run, batched (never one message per event). */
  events: LabEvent[];
  runStarted: RunInfo;
  runEnded: RunReport;
  /** The app's own Electron processes (browser, GPU, renderer, utility), role `electron`. */
  electronProcesses: ProcRecord[];
  /** The user launched a run from outside the view (the tray): show it. */
  showRun: { runId: string };
  settingsChanged: Settings;
}

/** The name of one push, e.g. `events`. */
export type LabPushName = keyof LabPushes;

/** Every push, in a fixed order (the keys of {@link LabPushes}). */
export const LAB_PUSHES = [
  'events',
  'runStarted',
  'runEnded',
  'electronProcesses',
  'showRun',
  'settingsChanged',
] as const satisfies readonly LabPushName[];

/** `events` → `onEvents`. */
export type OnName<P extends string> = `on${Capitalize<P>}`;

/** Subscriptions: `onEvents(cb)` etc., each returning its unsubscribe function. */
export type LabSubscriptions = {
  [P in LabPushName as OnName<P>]: (listener: (payload: LabPushes[P]) => void) => () => void;
};

/**
 * Everything the view can do: what the preload exposes as `window.processLab` in Electron, and
 * what the WebSocket client implements in a browser. Named functions only.
 */
export type LabApi = LabCalls & LabSubscriptions;

// ---- channels ----------------------------------------------------------------------------------

/** The IPC/WebSocket channel of a call. */
export type CallChannel<M extends LabMethod = LabMethod> = `process-lab:call:${M}`;
/** The IPC/WebSocket channel of a push. */
export type PushChannel<P extends LabPushName = LabPushName> = `process-lab:push:${P}`;

function channelMap<K extends string, Pre extends string>(keys: readonly K[], prefix: Pre): { [X in K]: `${Pre}${X}` } {
  return Object.freeze(Object.fromEntries(keys.map((k) => [k, `${prefix}${k}`]))) as { [X in K]: `${Pre}${X}` };
}

/** Every call's channel, by method: `CALL_CHANNELS.runExperiment === 'process-lab:call:runExperiment'`. */
export const CALL_CHANNELS: { readonly [M in LabMethod]: CallChannel<M> } = channelMap(
  LAB_METHODS,
  'process-lab:call:',
);
/** Every push's channel, by name. */
export const PUSH_CHANNELS: { readonly [P in LabPushName]: PushChannel<P> } = channelMap(
  LAB_PUSHES,
  'process-lab:push:',
);

/** `onEvents` → `events`. */
export function pushOfListener(name: string): LabPushName | undefined {
  return LAB_PUSHES.find((p) => `on${p[0]?.toUpperCase()}${p.slice(1)}` === name);
}

// ---- one client for every transport ------------------------------------------------------------

/** How a client reaches the door: Electron's `ipcRenderer`, or the browser server's WebSocket. */
export interface LabTransport {
  /** Sends one call; resolves with the door's answer (a LabResult), rejects if the transport failed. */
  invoke(channel: CallChannel, args: unknown[]): Promise<unknown>;
  /** Listens to one push channel; returns the unsubscribe function. */
  listen(channel: PushChannel, listener: (payload: unknown) => void): () => void;
}

/** A result for a call the transport could not deliver (the app quit, the browser server went away). */
export function unavailable(message = 'the lab did not answer'): { ok: false; error: LabFailure } {
  return { ok: false, error: { code: 'unavailable', message } };
}

/**
 * Builds the {@link LabApi} over a transport: one named method per call (each bound to its own
 * channel, so no caller can pick a channel) and one `onX` per push. Used by the preload and by
 * the browser's WebSocket client alike.
 */
export function createLabClient(transport: LabTransport): LabApi {
  const api: Record<string, unknown> = {};
  for (const method of LAB_METHODS) {
    const channel = CALL_CHANNELS[method];
    api[method] = async (...args: unknown[]): Promise<unknown> => {
      try {
        return await transport.invoke(channel, args);
      } catch {
        return unavailable();
      }
    };
  }
  for (const push of LAB_PUSHES) {
    const channel = PUSH_CHANNELS[push];
    const name = `on${push[0]!.toUpperCase()}${push.slice(1)}`;
    api[name] = (listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name}: a function is required`);
      return transport.listen(channel, listener);
    };
  }
  return Object.freeze(api) as LabApi;
}

// ---- the browser server's wire format ----------------------------------------------------------

/** The browser server's WebSocket path (`ws://127.0.0.1:<port>/ws`). */
export const SERVER_WS_PATH = '/ws';

/** One call over the browser server's WebSocket (JSON text): the same channel and arguments as IPC. */
export interface ServerRequest {
  /** Chosen by the client; the answer carries it back. */
  id: number;
  channel: string;
  args: unknown[];
}

/** What the browser server sends: the answer to one call, or a push. */
export type ServerMessage = { id: number | null; result: LabResult<unknown> } | { push: PushChannel; payload: unknown };
