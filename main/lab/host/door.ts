/**
 * The one door between the view and the engine. Electron's IPC binding (`./ipc.ts`) and the
 * browser server (`main/server/server.ts`) both pass every request through {@link Door.handle}, in
 * this order, and stop at the first "no":
 *
 *   1. the sender — is it the app's own window (or an authenticated browser-server connection)?
 *   2. the channel — is it one of the contract's calls?
 *   3. the payload — does it parse with that call's schema (and, for a run, with the
 *      experiment's own option schema)?
 *   4. only then the engine.
 *
 * A "no" is a typed {@link LabFailure} with one sanitised line (no stack, no file path) and has
 * changed nothing. This module never imports `electron`, so it is tested under plain Node.
 */
import {
  CALL_CHANNELS,
  LAB_METHODS,
  PUSH_CHANNELS,
  type LabFailure,
  type LabMethod,
  type LabPushName,
  type LabPushes,
  type LabRequests,
  type LabResponses,
  type LabResult,
  type PushChannel,
  type Settings,
} from '../../../contract/ipc';
import type { ProcRecord } from '../../../contract/process';
import { REQUEST_SCHEMAS, describeIssues } from '../../../contract/requests';
import { EventCoalescer } from './event-coalescer';
import { experimentInfo, runInfo } from './experiment-info';
import { LabError } from '../common/errors';
import { EXPERIMENTS, checkStart } from '../experiments';
import { checkInterpreter } from '../python/find-python';
import { START_METHODS } from '../python/tracer-env';
import { lectureText } from './python/files';
import { checkChosenProgram, type ProgramFolder } from './python/programs';
import type { Supervisor } from './supervisor';

/** Where the door reads and writes the user's settings. */
export interface SettingsAccess {
  get(): Settings;
  /** Applies a (validated) patch and returns the new settings. */
  set(patch: Partial<Settings>): Settings;
}

/** What the door is built from. `S` is whatever identifies a sender on the transport. */
export interface DoorOptions<S> {
  supervisor: Supervisor;
  /**
   * True only for the app's own senders. Called first, on every request; a throw counts as
   * "no" (a window that is gone, a frame that cannot be looked up).
   */
  isTrustedSender(sender: S): boolean;
  /** The settings store; without one, the settings calls answer `not-possible`. */
  settings?: SettingsAccess;
  /**
   * "Your program" in the app: the shell's native open dialog (*.py); resolves with the chosen
   * path, or null when the user cancelled. Without it, `chooseProgram` answers `not-possible`.
   */
  chooseProgramFile?: () => Promise<string | null>;
  /** "Your program" in a browser: the server's `--programs` folder (without it the list is empty). */
  programs?: ProgramFolder;
  /**
   * Whether the view may change the Python interpreter setting (default true: the app's own
   * window). The browser server says false: there the interpreter is named on its command line
   * (`--python`), so no page can make the lab execute a file of its choosing.
   */
  pythonFromView?: boolean;
  /** More live records for the snapshot (the app's own Electron processes). */
  extraRecords?: () => ProcRecord[];
  /** Where unexpected errors are logged in full (they are never sent to the view). */
  log?: (message: string) => void;
}

/** One push on its way to the view. */
export interface LabPush<P extends LabPushName = LabPushName> {
  name: P;
  channel: PushChannel<P>;
  payload: LabPushes[P];
}

/** The door: see the module comment. */
export interface Door<S> {
  /** A request from outside (the renderer, a browser): sender, then channel, then payload. */
  handle(sender: S, channel: unknown, payload: unknown): Promise<LabResult<unknown>>;
  /**
   * A call from the shell itself (the tray): no sender to check, but the same schemas and the
   * same engine calls. Never bound to a transport.
   */
  invoke<M extends LabMethod>(method: M, args: unknown): Promise<LabResult<LabResponses[M]>>;
  /**
   * Receives every push (engine events coalesced into at most one message per run per ~16 ms
   * window, runs started and ended, …), in the order the engine produced them.
   */
  subscribe(listener: (push: LabPush) => void): () => void;
  /** Sends a push that the shell produces (Electron's processes, "show this run"). */
  publish<P extends LabPushName>(name: P, payload: LabPushes[P]): void;
  /** Stops listening to the engine. */
  dispose(): void;
}

/** A refusal of the door's own (codes the engine does not have, such as `unknown-run`). */
class Refusal extends Error {
  constructor(
    readonly code: LabFailure['code'],
    message: string,
  ) {
    super(message);
  }
}

const METHOD_OF_CHANNEL: ReadonlyMap<string, LabMethod> = new Map(LAB_METHODS.map((m) => [CALL_CHANNELS[m], m]));

/** An absolute file path inside a message (POSIX or Windows), replaced before it leaves. */
const PATH_LIKE = /(?:[A-Za-z]:)?[\\/](?:[^\s\\/:"'`]+[\\/])+[^\s"'`]*/g;

function failure(code: LabFailure['code'], message: string): { ok: false; error: LabFailure } {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const line = message.replace(PATH_LIKE, '<path>').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return { ok: false, error: { code, message: line.length > 200 ? `${line.slice(0, 199)}…` : line } };
}

/** Builds the door over one supervisor. */
export function createDoor<S>(opts: DoorOptions<S>): Door<S> {
  const { supervisor } = opts;
  const log = opts.log ?? ((m: string) => console.error(`process-lab: ${m}`));
  const listeners = new Set<(push: LabPush) => void>();

  const send = <P extends LabPushName>(name: P, payload: LabPushes[P]): void => {
    const push = { name, channel: PUSH_CHANNELS[name], payload } as LabPush;
    for (const l of [...listeners]) {
      try {
        l(push);
      } catch (err) {
        // One broken transport (a closed socket) must not keep the others from their events.
        log(`push listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  // The engine emits events at once (one batch per turn of its event loop); the view redraws its
  // tree per message, so a burst is coalesced into one message per window (event-coalescer.ts).
  const coalescer = new EventCoalescer((events) => send('events', events));
  /** Any other push first sends the events still waiting: `runEnded` never overtakes them. */
  const publish = <P extends LabPushName>(name: P, payload: LabPushes[P]): void => {
    coalescer.flush();
    send(name, payload);
  };
  const onEvents = (events: LabPushes['events']): void => coalescer.add(events);
  const onStarted = (run: Parameters<typeof runInfo>[0]): void => publish('runStarted', runInfo(run));
  const onEnded = (report: LabPushes['runEnded']): void => publish('runEnded', report);
  supervisor.on('events', onEvents);
  supervisor.on('run-started', onStarted);
  supervisor.on('run-ended', onEnded);

  const settings = (): SettingsAccess => {
    if (!opts.settings) throw new LabError('not-possible', 'settings are not kept here');
    return opts.settings;
  };

  /** The interpreter setting, for a traced run (empty: find one on PATH). */
  const python = (): { python?: string } => {
    const p = opts.settings?.get().pythonPath ?? '';
    return p !== '' ? { python: p } : {};
  };

  /** The engine calls, one per method; arguments are already parsed. */
  const calls: { [M in LabMethod]: (...args: LabRequests[M]) => Promise<LabResponses[M]> | LabResponses[M] } = {
    listExperiments: () => EXPERIMENTS.map((def) => experimentInfo(def, lectureText(supervisor.workersDir, def.id))),
    runExperiment: (id, rawOptions) => {
      // The one start check (experiment, platform, options), here before the supervisor is
      // asked for anything; it checks the same way again (for callers that come to it directly).
      const { def, options } = checkStart(id, rawOptions);
      const run = supervisor.start(def.id, options);
      return { ...runInfo(run), expectedMs: Math.round(def.expectedMs(options)) };
    },
    runLecturePython: async (id, o) => {
      // Checked again by the supervisor (the experiment exists; the platform has the method).
      const run = await supervisor.startPython({ experiment: id, ...o, ...python() });
      return { ...runInfo(run), expectedMs: 0 };
    },
    listPrograms: () => ({
      picker: opts.chooseProgramFile ? 'dialog' : 'folder',
      folder: (opts.programs?.dir ?? null) !== null,
      programs: opts.programs?.list() ?? [],
      // Windows has spawn only (no fork, so no forkserver either); start.ts refuses the others.
      startMethods: process.platform === 'win32' ? ['spawn'] : [...START_METHODS],
    }),
    runProgram: async (id, o) => {
      const folder = opts.programs;
      if (!folder) throw new LabError('unknown-program', `no program "${id}": this lab has no programs folder`);
      // Re-listed and re-checked now (links, type): an id not in the folder starts nothing.
      const run = await supervisor.startPython({ file: folder.resolve(id), ...o, ...python() });
      return { ...runInfo(run), expectedMs: 0 };
    },
    chooseProgram: async (o) => {
      if (!opts.chooseProgramFile)
        throw new LabError('not-possible', 'no file dialog here: in a browser, pick a program of the server’s folder');
      const picked = await opts.chooseProgramFile();
      if (picked === null) return null;
      const run = await supervisor.startPython({ file: checkChosenProgram(picked), ...o, ...python() });
      return { ...runInfo(run), expectedMs: 0 };
    },
    stopRun: (runId) => {
      const run = supervisor.activeRuns().find((r) => r.runId === runId);
      if (!run) throw new Refusal('unknown-run', `no active run "${runId}"`);
      run.stop();
      return null;
    },
    signal: async (pid, sig) => {
      // The supervisor signals only live processes of its own runs, checked by start time.
      await supervisor.signal(pid, sig);
      return null;
    },
    reap: (pid) => {
      supervisor.reap(pid);
      return null;
    },
    killAll: async () => ({ leaked: await supervisor.killAll() }),
    snapshot: () => ({
      runs: supervisor.activeRuns().map(runInfo),
      records: [...structuredClone(supervisor.live()), ...(opts.extraRecords?.() ?? [])],
      events: supervisor.activeRuns().flatMap((r) => [...r.events()]),
    }),
    getSettings: () => settings().get(),
    setSettings: async (patch) => {
      const store = settings();
      const path = patch.pythonPath;
      if (path !== undefined && path !== store.get().pythonPath) {
        if (opts.pythonFromView === false)
          throw new Refusal(
            'not-possible',
            'in a browser the interpreter is named on the server’s command line: npm run serve -- --python PATH',
          );
        // Checked before it is kept: a bad value changes nothing (the whole patch is refused).
        if (path !== '') await checkInterpreter(path);
      }
      const next = store.set(patch);
      publish('settingsChanged', next);
      return next;
    },
  };

  async function call(method: LabMethod, payload: unknown): Promise<LabResult<unknown>> {
    const parsed = REQUEST_SCHEMAS[method].safeParse(payload);
    if (!parsed.success) return failure('bad-request', `${method}: ${describeIssues(parsed.error, 'arguments')}`);
    try {
      const fn = calls[method] as (...args: unknown[]) => unknown;
      return { ok: true, value: await fn(...parsed.data) };
    } catch (err) {
      if (err instanceof LabError || err instanceof Refusal) return failure(err.code, err.message);
      // Anything else is our bug: the details go to the log, the view gets a code.
      log(`${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return failure('internal', `${method} failed unexpectedly`);
    }
  }

  return {
    async handle(sender, channel, payload) {
      let trusted: boolean;
      try {
        trusted = opts.isTrustedSender(sender) === true;
      } catch {
        trusted = false;
      }
      if (!trusted) return failure('untrusted-sender', 'request refused: unknown sender');
      const method = typeof channel === 'string' ? METHOD_OF_CHANNEL.get(channel) : undefined;
      if (!method) return failure('unknown-channel', 'request refused: unknown channel');
      return call(method, payload);
    },
    invoke: (method, args) => call(method, args) as Promise<LabResult<LabResponses[typeof method]>>,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    publish,
    dispose() {
      supervisor.off('events', onEvents);
      supervisor.off('run-started', onStarted);
      supervisor.off('run-ended', onEnded);
      coalescer.dispose();
      listeners.clear();
    },
  };
}
