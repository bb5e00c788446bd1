/**
 * One run: an experiment's main (or an observed program) started as a real child of the app in
 * its own process group, everything it starts, what the sampler sees of them, and the report.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LabEvent, LabEventDraft } from '../../../../contract/events';
import type { ProcRecord, ProcRole, ProcSample } from '../../../../contract/process';
import type { FactValue, RunReport } from '../../../../contract/report';
import { delay, sharedNow } from '../../common/clock';
import { LabError } from '../../common/errors';
import { findLabPids, processName } from '../os-probe';
import type { PidFiles } from '../pidfile';
import { recordsToReport, platformInfo } from './report';
import type { MainToSupervisor } from '../../common/protocol';
import type { SampleTargets, Sampler, TickInfo } from '../sampler/sampler';
import { pyExitcode } from '../../common/signals';
import type { ExperimentOptions } from '../../experiments/types';

const POSIX = process.platform !== 'win32';

/** How long after discovery a process's name is re-read (exec() follows fork() quickly). */
const RENAME_WINDOW_MS = 1000;
/** How long a run's end waits for its experiment's `conduct` to finish, once every process is gone. */
const CONDUCT_SETTLE_MS = 2000;
/** The largest watched file read (the ticket race's db is a dozen bytes). */
const MAX_WATCHED_BYTES = 4096;

/** What starts a run: an experiment's main, or any program to observe. */
export type RunTarget =
  | {
      kind: 'experiment';
      experiment: string;
      options: Record<string, unknown> & { hz: number };
      /** A safety net: the run is ended (and says so) if it has not finished by then. */
      timeoutMs: number;
    }
  | { kind: 'observe'; command: string; args: string[]; options: { hz: number; timeoutMs: number } };

export interface RunDeps {
  workersDir: string;
  /** This run's sampler (its rate is the run's `hz`); the run starts and stops it. */
  sampler: Sampler;
  pidfiles: PidFiles;
  /** Time between SIGTERM and SIGKILL when a run is ended. */
  graceMs: number;
  /** Called with the events of each sampler tick (and of the run's end), in order. */
  onBatch(events: LabEvent[]): void;
  /** This process's pid and start time, written into the pidfile. */
  supervisorIdentity?: { pid: number; startTime: number };
  /** Supervisor-side steps to run while main runs (an experiment's `conduct`). */
  conduct?: (run: Run) => Promise<void>;
}

/**
 * An experiment's conduct (its `conduct.ts`): the supervisor's steps while main runs (observe,
 * then act: reap, kill the parent, resume a frozen buyer, …).
 */
export type Conduct = (run: RunHandle, opts: ExperimentOptions) => Promise<void>;

/** What an experiment's `conduct` may do with a running run. */
export interface RunHandle {
  readonly runId: string;
  readonly mainPid: number;
  records(): ProcRecord[];
  events(): readonly LabEvent[];
  /**
   * Resolves once `pred` holds, re-checked after every tick and message; rejects on timeout, or
   * (code `run-ended`) once every process of the run is gone and it still does not hold.
   */
  waitUntil(pred: () => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Sends a command to main: as an IPC message, and as a line on its stdin (for a parked main). */
  command(name: string): void;
  /** Ends the run now as planned (not "stopped early"): its group is ended, the report written. */
  endNow(): void;
  /** Records a fact measured on the supervisor's side. */
  fact(key: string, value: FactValue): void;
  /**
   * The facts recorded so far. Main's arrive over the same IPC channel as its marks, in order:
   * once a mark sent after a fact is seen, that fact is here too.
   */
  facts(): Readonly<Record<string, FactValue>>;
  /**
   * Samples now, outside the regular rate: resolves after a tick that read the OS after this
   * call (a tick already under way is waited for first, since it may have read before).
   */
  sampleNow(): Promise<void>;
  /** Signals a process of this run (checked like any lab signal). */
  signal(pid: number, signal: NodeJS.Signals, by: 'lab' | 'main'): void;
  /**
   * Follows a small file the run's processes share (the ticket race's db): a `file` event
   * carries its content as first read and after each write seen (at most one per write),
   * until the run ends.
   */
  watchFile(path: string): void;
}

/** One running (or finished) run. `done` resolves with its report, never rejects. */
export class Run implements RunHandle {
  readonly runId = `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly t0 = sharedNow();
  readonly startedAt = new Date();
  readonly target: RunTarget;
  readonly mainPid: number;
  readonly done: Promise<RunReport>;
  #deps: RunDeps;
  #sampler: Sampler;
  #child: ChildProcess;
  #records = new Map<number, ProcRecord>();
  #startTimes = new Map<number, number>();
  #missing = new Map<number, number>();
  /** Pids whose name the lab read from the OS (not announced by main), see #apply. */
  #namedByOs = new Set<number>();
  #events: LabEvent[] = [];
  #pending: LabEvent[] = [];
  #facts: Record<string, FactValue> = {};
  #listeners = new Set<() => void>();
  /** Files followed by {@link watchFile}: path → the version last reported (inode, mtime, content). */
  readonly #watched = new Map<string, string | null>();
  readonly #watchers: FSWatcher[] = [];
  #mainExited: Promise<void>;
  #error: string | null = null;
  #stopped = false;
  #stopRequested: (() => void) | null = null;
  /** Resolves on stop() or endNow(), whenever they are called (even before sampling begins). */
  #stopSignal = new Promise<void>((resolve) => (this.#stopRequested = resolve));

  constructor(target: RunTarget, deps: RunDeps) {
    this.target = target;
    this.#deps = deps;
    this.#sampler = deps.sampler;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROCESS_LAB_RUN: this.runId,
      PROCESS_LAB_SUPERVISOR: String(process.pid),
    };
    // Inside Electron, process.execPath is the Electron binary: this makes it behave as Node.
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
    // detached: main leads a new process group, so the whole run (orphans that stay in the
    // group included) can be ended with one kill(-pgid) and never touches the app's own group.
    const child =
      target.kind === 'experiment'
        ? fork(join(deps.workersDir, 'lab-main.js'), [target.experiment, JSON.stringify(target.options)], {
            detached: POSIX,
            stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
            env,
            execPath: process.execPath,
            execArgv: [],
            serialization: 'json',
          })
        : spawn(target.command, target.args, { detached: POSIX, stdio: ['ignore', 'pipe', 'pipe'], env });
    this.#child = child;
    if (child.pid === undefined) {
      // spawn() reports ENOENT asynchronously, but gives no pid at once: fail clearly now.
      child.on('error', () => undefined);
      throw new LabError('not-possible', `could not start ${target.kind === 'observe' ? target.command : 'main'}`);
    }
    this.mainPid = child.pid;
    const name = target.kind === 'experiment' ? 'MainProcess' : basename(target.command);
    this.#addRecord(child.pid, process.pid, name, target.kind === 'experiment' ? 'main' : 'observed', 0);
    this.#pipeLines(child.pid, child);
    child.on('message', (m) => this.#onMessage(m as MainToSupervisor));
    this.#mainExited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.#markExit(child.pid!, code, signal, sharedNow() - this.t0, process.pid, 'process-lab');
        resolve();
      });
      child.on('error', (err) => {
        this.#error = err.message;
      });
    });
    // An IPC error after main died must not crash the app.
    child.stdin?.on('error', () => undefined);
    this.done = this.#lifecycle();
  }

  // ---- RunHandle -------------------------------------------------------------------------

  records(): ProcRecord[] {
    return [...this.#records.values()];
  }

  events(): readonly LabEvent[] {
    return this.#events;
  }

  facts(): Readonly<Record<string, FactValue>> {
    return this.#facts;
  }

  fact(key: string, value: FactValue): void {
    this.#facts[key] = value;
  }

  /** The record of `pid` in this run, if it belongs to it. */
  record(pid: number): ProcRecord | undefined {
    return this.#records.get(pid);
  }

  /** The start time first sampled for `pid`, used to tell it from a later process reusing the pid. */
  startTimeOf(pid: number): number | undefined {
    return this.#startTimes.get(pid);
  }

  /** True once the run has ended and its report is being (or has been) written. */
  get finished(): boolean {
    return this.#finished;
  }
  #finished = false;
  /** Every process of the run has been ended (or was gone): waits that still do not hold fail. */
  #groupEnded = false;

  command(name: string): void {
    if (this.#child.connected) this.#child.send({ k: 'command', name });
    this.#child.stdin?.write(`${name}\n`);
  }

  waitUntil(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (pred()) {
          cleanup();
          resolve();
        } else if (this.#groupEnded) {
          // Every process of the run is gone: what is waited for can no longer happen.
          cleanup();
          reject(new LabError('run-ended', `the run ended before ${what}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new LabError('not-possible', `timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  async sampleNow(): Promise<void> {
    // After the last tick the sampler is closed: a new tick would open a back end (and its
    // fds) that nothing closes.
    if (this.#finished) return;
    // tickOnce waits for a tick in flight (it may have read the OS before the caller's
    // question), then takes a fresh one.
    await this.#tick();
  }

  watchFile(path: string): void {
    if (this.#finished || this.#watched.has(path)) return;
    this.#watched.set(path, null);
    const name = basename(path);
    try {
      // The folder, not the file: a writer that renames a new file over it (as the buyers do,
      // so no reader sees half a file) replaces the inode a file watch would be attached to.
      const w = watch(dirname(path), (_event, file) => {
        if (file === null || file === name) this.#readWatched(path);
      });
      // The folder gone (the run is ending): nothing more to watch.
      w.on('error', () => w.close());
      this.#watchers.push(w);
    } catch {
      // No file watching here: each tick still reads the file while it is there.
    }
    this.#readWatched(path);
  }

  /**
   * Reads a watched file; a new version becomes a `file` event. A new version is new content,
   * or the same content written again (a new inode or mtime): two buyers writing the same
   * count are two writes, and that is the lost update the race is about. (Two writes within
   * one tick of the file system's clock, both between two reads, may still be read as one.)
   * Absent, or not a small regular file: nothing.
   */
  #readWatched(path: string): void {
    if (this.#finished) return;
    let content: string;
    let version: string;
    let fd: number | null = null;
    try {
      // This runs in the app's main process, on a path a child named: never follow a link
      // (to a private file), never block (on a FIFO), never read more than a small file.
      fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
      // One open file for both: the inode and the bytes are of the same version.
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > MAX_WATCHED_BYTES) return;
      const buf = Buffer.alloc(st.size);
      const n = readSync(fd, buf, 0, st.size, 0);
      content = buf.toString('utf8', 0, n);
      version = `${st.ino}:${st.mtimeMs}:${content}`;
    } catch {
      return;
    } finally {
      if (fd !== null) closeSync(fd);
    }
    if (version === this.#watched.get(path)) return;
    this.#watched.set(path, version);
    this.#emit({ type: 'file', pid: this.mainPid, path, content, t: this.#now() });
  }

  signal(pid: number, signal: NodeJS.Signals, by: 'lab' | 'main'): void {
    const rec = this.#records.get(pid);
    if (!rec || rec.endMs !== null)
      throw new LabError('not-lab-process', `pid ${pid} is not a live process of run ${this.runId}`);
    process.kill(pid, signal);
    this.#emit({ type: 'signalled', pid, signal, by, t: this.#now() });
  }

  /** Ends the run early: its whole process group, then anything else carrying its run id. */
  stop(): void {
    this.#stopped = true;
    this.#stopRequested?.();
  }

  endNow(): void {
    this.#stopRequested?.();
  }

  // ---- internals -------------------------------------------------------------------------

  #now(): number {
    return sharedNow() - this.t0;
  }

  #emit(ev: LabEventDraft): void {
    const full = { ...ev, runId: this.runId } as LabEvent;
    this.#events.push(full);
    this.#pending.push(full);
    for (const l of [...this.#listeners]) l();
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#deps.onBatch(batch);
  }

  #addRecord(pid: number, ppid: number, name: string, role: ProcRole, t: number): ProcRecord {
    const rec: ProcRecord = {
      labId: `${this.runId}:${pid}`,
      runId: this.runId,
      pid,
      ppid,
      ppids: [ppid],
      name,
      role,
      startMs: t,
      endMs: null,
      exitCode: null,
      signal: null,
      pyExitcode: null,
      states: [],
      state: 'R',
      labStarted: true,
      cpu: 0,
      rss: 0,
    };
    this.#records.set(pid, rec);
    this.#emit({ type: 'spawned', pid, ppid, name, role, labStarted: true, t });
    return rec;
  }

  #pipeLines(pid: number, child: ChildProcess): void {
    for (const [stream, src] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      if (!src) continue;
      createInterface({ input: src }).on('line', (line) =>
        this.#emit({ type: 'log', pid, stream, line, t: this.#now() }),
      );
    }
  }

  #onMessage(m: MainToSupervisor): void {
    const t = 'at' in m ? m.at - this.t0 : this.#now();
    switch (m.k) {
      case 'ready':
        this.#emit({ type: 'ready', pid: this.mainPid, t });
        break;
      case 'child': {
        const known = this.#records.get(m.pid);
        if (known) {
          // The sampler saw it first: keep the record, take main's word for its name and role.
          known.name = m.name;
          known.role = m.role;
        } else this.#addRecord(m.pid, m.ppid, m.name, m.role, t);
        break;
      }
      case 'child-ready':
        this.#emit({ type: 'ready', pid: m.pid, t });
        break;
      case 'signal':
        this.#emit({ type: 'signalled', pid: m.pid, signal: m.signal, by: 'main', t });
        break;
      case 'signal-received':
        this.#emit({ type: 'signal-received', pid: m.pid, signal: m.signal, t });
        break;
      case 'exit':
        this.#markExit(m.pid, m.code, m.signal, t, this.mainPid, 'MainProcess');
        break;
      case 'log':
        this.#emit({ type: 'log', pid: m.pid, stream: m.stream, line: m.line, t });
        break;
      case 'mark':
        this.#emit(
          m.detail === undefined
            ? { type: 'mark', pid: this.mainPid, label: m.label, t }
            : { type: 'mark', pid: this.mainPid, label: m.label, detail: m.detail, t },
        );
        break;
      case 'fact':
        this.#facts[m.key] = m.value;
        break;
      case 'step':
        // Only a process of this run may speak for itself here.
        if (this.#records.has(m.pid)) this.#emit({ type: 'step', pid: m.pid, label: m.label, value: m.value, t });
        break;
    }
  }

  /** A parent collected `pid`'s exit status: it has exited (if not seen already) and is reaped. */
  #markExit(pid: number, code: number | null, signal: string | null, t: number, by: number, byName: string): void {
    const rec = this.#records.get(pid);
    if (!rec) return;
    rec.exitCode = code;
    rec.signal = signal;
    rec.pyExitcode = pyExitcode(code, signal);
    if (rec.endMs === null) {
      rec.endMs = t;
      this.#emit({ type: 'exited', pid, exitCode: code, signal, pyExitcode: rec.pyExitcode, t });
    }
    rec.state = 'exited';
    this.#emit({ type: 'reaped', pid, by, byName, exitCode: code, signal, pyExitcode: rec.pyExitcode, t });
  }

  /** What the next tick samples: every live process of the run, and those followed so far. */
  #targets(): SampleTargets {
    // Every live process is a root: descendants of an orphan or a daemon are found too.
    const roots = [...this.#records.values()].filter((r) => r.endMs === null).map((r) => r.pid);
    // An observed program may double-fork: the grandchild leaves the tree before any tick saw
    // it. It still carries our run id, so look for that too (observe only: it reads every
    // process's environment, too costly for experiments whose main announces its children).
    if (this.target.kind === 'observe')
      for (const pid of findLabPids(this.runId) ?? []) if (!this.#records.has(pid)) roots.push(pid);
    const known = new Map<number, number>();
    for (const [pid, st] of this.#startTimes) if (this.#records.get(pid)?.state !== 'exited') known.set(pid, st);
    return { roots, known };
  }

  /** Samples now (after any tick in flight); the result arrives through {@link #onTick}. */
  async #tick(targets: SampleTargets = this.#targets()): Promise<Map<number, ProcSample>> {
    try {
      return await this.#sampler.tickOnce(targets);
    } catch (err) {
      this.#onSamplerError(err);
      return new Map();
    }
  }

  #onSamplerError(err: unknown): void {
    this.#error ??= `sampler: ${err instanceof Error ? err.message : String(err)}`;
  }

  /** One sampler tick: new processes, state and ppid changes, and those that vanished. */
  #onTick(samples: Map<number, ProcSample>, info: TickInfo): void {
    const t = this.#now();
    // Watched files are read on every tick too, where file watching is missing or slow.
    for (const path of this.#watched.keys()) this.#readWatched(path);
    for (const s of samples.values()) this.#apply(s, t);
    for (const [pid] of info.targets.known) if (!samples.has(pid)) this.#onMissing(pid, t);
    const usage = [...samples.values()]
      .filter((s) => this.#records.has(s.pid))
      .map((s) => ({ pid: s.pid, cpu: Math.round(s.cpu * 10) / 10, rss: s.rss }));
    // Usage goes to the live view only: a report keeps states and lifetimes, not every tick.
    if (usage.length > 0)
      this.#pending.push({ type: 'usage', runId: this.runId, pid: this.mainPid, t, samples: usage });
    this.#flush();
    for (const l of [...this.#listeners]) l();
  }

  #apply(s: ProcSample, t: number): void {
    let rec = this.#records.get(s.pid);
    if (!rec) {
      // main announces each child it starts; wait for its word rather than naming it twice.
      if (this.target.kind === 'experiment' && s.ppid === this.mainPid) return;
      const role = s.ppid === this.mainPid ? 'child' : 'grandchild';
      rec = this.#addRecord(s.pid, s.ppid, processName(s.pid) ?? `pid ${s.pid}`, role, t);
      this.#namedByOs.add(s.pid);
    } else if (this.#namedByOs.has(s.pid) && t - rec.startMs < RENAME_WINDOW_MS) {
      // A tick can catch a process between fork() and exec(), still named after its parent's
      // program (`sh` for a shell's `sleep`): read the name again while the process is young.
      const name = processName(s.pid);
      if (name && name !== rec.name) {
        rec.name = name;
        this.#emit({ type: 'renamed', pid: s.pid, name, t });
      }
    }
    if (rec.state === 'exited') return;
    this.#missing.delete(s.pid);
    if (!this.#startTimes.has(s.pid)) this.#startTimes.set(s.pid, s.startTime);
    const lastPpid = rec.ppids[rec.ppids.length - 1];
    if (lastPpid !== s.ppid) {
      rec.ppids.push(s.ppid);
      this.#emit({
        type: 'reparented',
        pid: s.pid,
        from: lastPpid ?? rec.ppid,
        to: s.ppid,
        toName: processName(s.ppid) ?? `pid ${s.ppid}`,
        t,
      });
    }
    const prev = rec.states[rec.states.length - 1] ?? null;
    if (prev !== s.state) {
      if (!rec.states.includes(s.state)) rec.states.push(s.state);
      this.#emit({ type: 'state-changed', pid: s.pid, from: prev, to: s.state, t });
    }
    rec.state = s.state;
    rec.cpu = s.cpu;
    if (s.cpuMs !== undefined) rec.cpuMs = s.cpuMs;
    rec.rss = s.rss;
    if (s.state === 'Z' && rec.endMs === null) {
      // A zombie has exited; only its status is left, waiting for a wait().
      rec.endMs = t;
      this.#emit({ type: 'exited', pid: s.pid, exitCode: null, signal: null, pyExitcode: null, t });
    }
  }

  #onMissing(pid: number, t: number): void {
    const rec = this.#records.get(pid);
    if (!rec || rec.state === 'exited') return;
    // A parent's "I reaped it" message can trail the tick that no longer finds the pid: give it
    // one more tick before calling the process vanished.
    const misses = (this.#missing.get(pid) ?? 0) + 1;
    this.#missing.set(pid, misses);
    if (misses < 2 && !this.#finished) return;
    const wasZombie = rec.state === 'Z';
    const adopter = rec.ppids[rec.ppids.length - 1] ?? rec.ppid;
    if (rec.endMs === null) rec.endMs = t;
    rec.state = 'exited';
    if (wasZombie)
      this.#emit({ type: 'reaped', pid, by: adopter, byName: processName(adopter) ?? `pid ${adopter}`, t });
    this.#emit({ type: 'vanished', pid, t });
  }

  async #lifecycle(): Promise<RunReport> {
    // Started synchronously (from the constructor): every tick, timed or asked for, lands in
    // #onTick from here on.
    this.#sampler.start(
      () => this.#targets(),
      (samples, info) => this.#onTick(samples, info),
      (err) => this.#onSamplerError(err),
    );
    const mainStart = await this.#tick({ roots: [this.mainPid], known: new Map() });
    const startTime = mainStart.get(this.mainPid)?.startTime ?? Date.now();
    this.#deps.pidfiles.add({
      runId: this.runId,
      pid: this.mainPid,
      startTime,
      pgid: POSIX ? this.mainPid : null,
      ...(this.#deps.supervisorIdentity ? { supervisor: this.#deps.supervisorIdentity } : {}),
    });
    await this.#tick();
    const conduct = this.#deps.conduct
      ? this.#deps.conduct(this).catch((err: unknown) => {
          // Stopped: its waits fail because the run ended, which is no error of the lesson.
          if (err instanceof LabError && err.code === 'run-ended') return;
          this.#error ??= err instanceof Error ? err.message : String(err);
          // The lesson cannot go on (e.g. the zombies never came): end the run rather than wait
          // for a main that may be parked forever.
          this.endNow();
        })
      : Promise.resolve();
    let timeoutTimer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timeoutTimer = setTimeout(() => {
        this.#stopped = true;
        this.#error ??= `timed out after ${this.#timeoutMs()} ms`;
        resolve();
      }, this.#timeoutMs());
    });
    // observe follows the tree until every process seen has ended; an experiment ends with main
    // (which, like Python, has already joined its non-daemon children by then).
    const natural =
      this.target.kind === 'observe'
        ? this.#mainExited
            .then(() => this.#tick())
            .then(() => this.waitUntil(() => this.#allEnded(), 2 ** 31 - 1, 'the tree to end'))
        : Promise.all([this.#mainExited, conduct]);
    await Promise.race([natural, this.#stopSignal, timeout]);
    clearTimeout(timeoutTimer);
    // Once every process is gone, a conduct still waiting for one (a stopped run) gives up at
    // once. (One the OS would not let go of, e.g. stuck in D, leaves the waits to their own
    // timeouts and the report's `leaked`.) Its own last steps (the ticket race reads its db
    // file a last time, then removes its folder) run before the run's last tick, given a
    // moment, not forever.
    if (await this.#endGroup()) {
      this.#groupEnded = true;
      for (const l of [...this.#listeners]) l();
    }
    await Promise.race([conduct, delay(CONDUCT_SETTLE_MS)]);
    for (const path of this.#watched.keys()) this.#readWatched(path);
    this.#finished = true;
    for (const w of this.#watchers.splice(0)) w.close();
    await this.#tick();
    const leaked = await this.#leaked();
    this.#sampler.stop();
    if (leaked.length === 0) this.#deps.pidfiles.remove(this.runId);
    this.#flush();
    return {
      experiment: this.target.kind === 'experiment' ? this.target.experiment : 'observe',
      runId: this.runId,
      options:
        this.target.kind === 'experiment'
          ? this.target.options
          : { ...this.target.options, command: [this.target.command, ...this.target.args] },
      platform: platformInfo(this.#sampler.backendName),
      startedAt: this.startedAt.toISOString(),
      wallMs: Math.round(this.#now()),
      stopped: this.#stopped,
      error: this.#error,
      processes: recordsToReport(this.records()),
      events: this.#events,
      facts: this.#facts,
      leaked,
    };
  }

  #timeoutMs(): number {
    return this.target.kind === 'observe' ? this.target.options.timeoutMs : this.target.timeoutMs;
  }

  #allEnded(): boolean {
    return [...this.#records.values()].every((r) => r.endMs !== null && r.state === 'exited');
  }

  /** Pids that still carry this run's id, or that were recorded and still exist as themselves. */
  async #leaked(): Promise<number[]> {
    const tagged = findLabPids(this.runId) ?? [];
    const known = new Map<number, number>();
    for (const [pid, st] of this.#startTimes) known.set(pid, st);
    const alive = await this.#tick({ roots: [], known });
    return [...new Set([...tagged, ...alive.keys()])].sort((a, b) => a - b);
  }

  /**
   * Ends whatever is left of the run: SIGTERM to the group and to every pid carrying the run id
   * (an orphan that left the group), then SIGKILL after the grace period for what did not go.
   */
  /** Ends every process of the run: SIGTERM, then SIGKILL after the grace. True once none is left. */
  async #endGroup(): Promise<boolean> {
    const send = (sig: NodeJS.Signals): boolean => {
      let any = false;
      if (POSIX) {
        try {
          process.kill(-this.mainPid, sig);
          any = true;
        } catch {
          // ESRCH: the group is already empty.
        }
      }
      for (const pid of this.#remaining()) {
        try {
          process.kill(pid, sig);
          any = true;
        } catch {
          // Already gone.
        }
      }
      return any;
    };
    if (!send('SIGTERM')) return true;
    // The group first: one kill(0). Only once it is empty is every process's environment read
    // for the run's id (an orphan that left the group), not on every 20 ms poll.
    const gone = (): boolean => !this.#groupAlive() && this.#remaining().length === 0;
    const until = sharedNow() + this.#deps.graceMs;
    while (!gone() && sharedNow() < until) await delay(20);
    if (gone()) return true;
    send('SIGKILL');
    const hard = sharedNow() + 2000;
    while (!gone() && sharedNow() < hard) await delay(20);
    return gone();
  }

  #remaining(): number[] {
    const tagged = findLabPids(this.runId);
    if (tagged) return tagged;
    return [...this.#records.values()].filter((r) => r.endMs === null).map((r) => r.pid);
  }

  #groupAlive(): boolean {
    if (!POSIX) return false;
    try {
      process.kill(-this.mainPid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
