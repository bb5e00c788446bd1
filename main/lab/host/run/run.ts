/**
 * One run: an experiment's main (or an observed program) started as a real child of the app in
 * its own process group, everything it starts, what the sampler sees of them, and the report.
 * Its parts live beside it: spawn-main, messages, records, diff, usage-log, file-watch, waits,
 * end-when, end-group, report.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { LabEvent, LabEventDraft } from '../../../../contract/events';
import type { ProcRecord, ProcSample } from '../../../../contract/process';
import type { FactValue, RunReport } from '../../../../contract/report';
import { delay, sharedNow } from '../../common/clock';
import { LabError } from '../../common/errors';
import { readLines } from '../../common/lines';
import type { MainToSupervisor } from '../../common/protocol';
import { findLabPids, TagWatch } from '../os-probe';
import type { SampleTargets, Sampler, SamplingUsed, TickInfo } from '../sampler/sampler';
import { pythonReport } from '../python/report';
import { sampleOnHint } from '../python/sample-hint';
import { TraceLink } from '../python/trace-link';
import { endGroup } from './end-group';
import { endWhen } from './end-when';
import { cutShort } from './cut-short';
import { FileWatch } from './file-watch';
import { startLifeline, type Lifeline } from './lifeline-wrapper';
import type { RunDeps, RunHandle, RunTarget } from './handle';
import { translateMessage } from './messages';
import { RunRecords } from './records';
import { runReport } from './report';
import { UsageLog } from './usage-log';
import { spawnMain } from './spawn-main';
import { Waits } from './waits';

export type { Conduct, RunDeps, RunHandle, RunTarget } from './handle';

/** How long a run's end waits for its experiment's `conduct` to finish, once every process is gone. */
const CONDUCT_SETTLE_MS = 2000;

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
  /** An observed program's watcher: ends its group if this host dies (./lifeline-wrapper.ts). */
  #lifeline: Lifeline | null = null;
  #records: RunRecords;
  #events: LabEvent[] = [];
  #pending: LabEvent[] = [];
  /** The usage ticks the report keeps (thinned: ./usage-log.ts). */
  #usageLog = new UsageLog();
  #facts: Record<string, FactValue> = {};
  #waits = new Waits();
  /** observe: finds processes carrying the run's tag that left the tree (a listing diff, not a scan). */
  #tagWatch: TagWatch | null = null;
  /** A flush of #pending is queued (events go out at once, not on the next tick). */
  #flushQueued = false;
  #files = new FileWatch((path, content) =>
    this.#emit({ type: 'file', pid: this.mainPid, path, content, t: this.#now() }),
  );
  #mainExited: Promise<void>;
  #error: string | null = null;
  #stopped = false;
  #stopRequested: (() => void) | null = null;
  /** Resolves on stop() or endNow(), whenever they are called (even before sampling begins). */
  #stopSignal = new Promise<void>((resolve) => (this.#stopRequested = resolve));
  #finished = false;
  /** Every process of the run has been ended (or was gone): waits that still do not hold fail. */
  #groupEnded = false;
  /** When (run time) the lab began ending the group: exits from then on are the lab's doing. */
  #endingAt: number | null = null;
  /** A traced Python run's trace (null for any other run). */
  #py: TraceLink | null = null;

  constructor(target: RunTarget, deps: RunDeps) {
    this.target = target;
    this.#deps = deps;
    this.#sampler = deps.sampler;
    const child = spawnMain(target, this.runId, deps.workersDir, deps.python);
    this.#child = child;
    if (child.pid === undefined) {
      // spawn() reports ENOENT asynchronously, but gives no pid at once: fail clearly now.
      child.on('error', () => undefined);
      throw new LabError('not-possible', `could not start ${target.kind === 'observe' ? target.command : 'main'}`);
    }
    const pid = child.pid;
    this.mainPid = pid;
    if (target.kind === 'observe') this.#lifeline = startLifeline(this.runId, pid);
    if (target.kind === 'observe') this.#tagWatch = new TagWatch(this.runId);
    const name = target.kind === 'experiment' ? 'MainProcess' : basename(target.command);
    this.#records = new RunRecords(this.runId, pid, target.kind === 'experiment', (e) => this.#emit(e));
    this.#records.add(pid, process.pid, name, target.kind === 'experiment' ? 'main' : 'observed', 0);
    if (deps.python)
      this.#py = new TraceLink(deps.python, {
        runId: this.runId,
        t0: this.t0,
        mainPid: pid,
        records: this.#records,
        emit: (e) => this.#emit(e),
        hint: () => sampleOnHint(this),
      });
    readLines(child, (stream, line) => {
      // A traced program's prints come through its trace, each with the pid that printed it.
      if (this.#py) this.#py.pipeLine(pid, stream, line, this.#now());
      else this.#emit({ type: 'log', pid, stream, line, t: this.#now() });
    });
    child.on('message', (m) => this.#onMessage(m as MainToSupervisor));
    this.#mainExited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        // The OS's own word (waitpid through libuv's SIGCHLD), flushed at once by #emit.
        this.#records.markExit(pid, code, signal, sharedNow() - this.t0, process.pid, 'process-lab');
        this.hint('exit');
        resolve();
      });
      child.on('error', (err) => {
        this.#error = err.message;
      });
    });
    // An IPC error after main died must not crash the app.
    child.stdin?.on('error', () => undefined);
    this.done = this.#runToEnd();
  }

  // ---- RunHandle -------------------------------------------------------------------------

  records(): ProcRecord[] {
    return this.#records.all();
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
    return this.#records.startTimeOf(pid);
  }

  /** True once the run has ended and its report is being (or has been) written. */
  get finished(): boolean {
    return this.#finished;
  }

  command(name: string): void {
    if (this.#child.connected) this.#child.send({ k: 'command', name });
    this.#child.stdin?.write(`${name}\n`);
  }

  waitUntil(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.#waits.until(pred, timeoutMs, what, () => this.#groupEnded);
  }

  async sampleNow(): Promise<void> {
    // After the last tick the sampler is closed: a new tick would open a back end (and its
    // fds) that nothing closes.
    if (this.#finished) return;
    // tickOnce waits for a tick in flight (it may have read the OS before the caller's
    // question), then takes a fresh one.
    await this.#tick();
  }

  hint(reason: string): void {
    if (!this.#finished) this.#sampler.hint(reason);
  }

  watchFile(path: string): void {
    if (!this.#finished) this.#files.add(path);
  }

  signal(pid: number, signal: NodeJS.Signals, by: 'lab' | 'main'): void {
    const rec = this.#records.get(pid);
    if (!rec || rec.endMs !== null)
      throw new LabError('not-lab-process', `pid ${pid} is not a live process of run ${this.runId}`);
    process.kill(pid, signal);
    this.#emit({ type: 'signalled', pid, signal, by, t: this.#now() });
    this.hint('signal');
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
    this.#waits.notify();
    // Listeners get each event at once (a child's exit must not wait for the next tick), in
    // one batch per turn of the event loop.
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(() => {
        this.#flushQueued = false;
        this.#flush();
      });
    }
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#deps.onBatch(batch);
  }

  #onMessage(m: MainToSupervisor): void {
    // Main (or a worker through it) said something: the table may have changed, look now.
    this.hint('message');
    const msg = translateMessage(m, this.t0, this.#now(), this.mainPid, (pid) => this.#records.has(pid));
    switch (msg.kind) {
      case 'event':
        this.#emit(msg.event);
        break;
      case 'child':
        // The sampler may have seen it first: then main's word is taken for its name and role.
        this.#records.announce(msg.pid, msg.ppid, msg.name, msg.role, msg.t);
        if (!this.#finished) this.#sampler.born('child');
        break;
      case 'exit':
        this.#records.markExit(msg.pid, msg.code, msg.signal, msg.t, this.mainPid, 'MainProcess');
        break;
      case 'fact':
        this.#facts[msg.key] = msg.value;
        break;
      case 'none':
        break;
    }
  }

  /** What the next tick samples: every live process of the run, and those followed so far. */
  #targets(): SampleTargets {
    // An observed program may double-fork: the grandchild leaves the tree before any tick saw
    // it. It still carries our run id, so look for that too (observe only: experiments' mains
    // announce their children).
    // (Its lifeline carries the run id too, but is no part of the program's tree.)
    const tagged = this.#tagWatch?.poll() ?? [];
    return this.#records.targets(tagged.filter((p) => p !== this.#lifeline?.pid));
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
    this.#files.readAll();
    const { found, usage } = this.#records.applyTick(samples, info.targets, t, this.#finished);
    // A new pid: its children come next (a fork loop, an orphan's short-lived parent): Sampler.born.
    if (found && !this.#finished) this.#sampler.born('new-pid');
    // Every tick goes to the live view; the report keeps them thinned (a saved run's shading).
    const usageEvent = this.#usageLog.tick(this.runId, this.mainPid, t, usage);
    if (usageEvent) this.#pending.push(usageEvent);
    this.#flush();
    this.#waits.notify();
  }

  /** The run from start to report: sampling, the conduct, the end (natural, stopped or timed out). */
  async #runToEnd(): Promise<RunReport> {
    // Started synchronously (from the constructor): every tick, timed or asked for, lands in
    // #onTick from here on.
    this.#sampler.start(
      () => this.#targets(),
      (samples, info) => this.#onTick(samples, info),
      (err) => this.#onSamplerError(err),
    );
    // A run's first second is where a short program does most (python's first fork): boosted,
    // and followed closely as after any birth (main's is one).
    this.#sampler.born('start');
    const mainStart = await this.#tick({ roots: [this.mainPid], known: new Map() });
    const startTime = mainStart.get(this.mainPid)?.startTime ?? Date.now();
    this.#deps.pidfiles.add({
      runId: this.runId,
      pid: this.mainPid,
      startTime,
      pgid: process.platform !== 'win32' ? this.mainPid : null,
      ...(this.#deps.supervisorIdentity ? { supervisor: this.#deps.supervisorIdentity } : {}),
    });
    await this.#tick();
    const { ended, conduct } = endWhen({
      target: this.target,
      mainExited: this.#mainExited,
      stopSignal: this.#stopSignal,
      conduct: this.#deps.conduct,
      handle: this,
      treeEnded: () =>
        this.#tick().then(() => this.waitUntil(() => this.#records.allEnded(), 2 ** 31 - 1, 'the tree to end')),
      fail: (message) => (this.#error ??= message),
      endNow: () => this.endNow(),
      timedOut: () => (this.#stopped = true),
      treeGone: () => {
        this.#groupEnded = true;
        this.#waits.notify();
      },
    });
    await ended;
    // Once every process is gone, a conduct still waiting for one (a stopped run) gives up at
    // once. (One the OS would not let go of, e.g. stuck in D, leaves the waits to their own
    // timeouts and the report's `leaked`.) Its own last steps (the ticket race reads its db
    // file a last time, then removes its folder) run before the run's last tick, given a
    // moment, not forever.
    this.#endingAt = this.#now();
    // What may be left: the processes carrying the run's id, else those recorded as live.
    const remaining = (): number[] => findLabPids(this.runId) ?? this.#records.live();
    if (await endGroup(this.mainPid, remaining, this.#deps.graceMs)) {
      this.#groupEnded = true;
      this.#waits.notify();
    }
    this.#lifeline?.release();
    await Promise.race([conduct, delay(CONDUCT_SETTLE_MS)]);
    this.#files.readAll();
    this.#finished = true;
    this.#files.close();
    await this.#tick();
    const leaked = await this.#leaked();
    this.#sampler.stop();
    // The trace socket and the run folder go with the run: nothing of the tracer is left.
    await this.#deps.python?.close();
    if (leaked.length === 0) this.#deps.pidfiles.remove(this.runId);
    this.#flush();
    return runReport({
      target: this.target,
      runId: this.runId,
      sampler: this.#sampler.backendName,
      sampling: this.#sampler.used(),
      startedAt: this.startedAt,
      wallMs: this.#now(),
      stopped: this.#stopped,
      error: this.#reportError(),
      events: this.#usageLog.mergedInto(this.#events),
      facts: this.#facts,
      leaked,
      ...(this.#py ? { python: pythonReport(this.#py, this.target, this.records(), this.#events) } : {}),
    });
  }

  /**
   * The report's `error`: first what cut the run short from outside (an experiment only: an
   * observed program may signal its own children as it likes, and their exits are not known).
   */
  #reportError(): string | null {
    const cut = this.target.kind === 'experiment' ? cutShort(this.records(), this.#events, this.#endingAt) : null;
    return [cut, this.#error].filter((e) => e !== null).join('; ') || null;
  }

  /** The rate used so far (the CLI and the view say it: "sampled at 25 Hz, auto"). */
  sampling(): SamplingUsed {
    return this.#sampler.used();
  }

  /** Pids that still carry this run's id, or that were recorded and still exist as themselves. */
  async #leaked(): Promise<number[]> {
    const tagged = findLabPids(this.runId) ?? [];
    const alive = await this.#tick({ roots: [], known: new Map(this.#records.startTimes()) });
    return [...new Set([...tagged, ...alive.keys()])].sort((a, b) => a - b);
  }
}
