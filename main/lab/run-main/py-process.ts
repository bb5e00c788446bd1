/**
 * A Node take on Python's `multiprocessing.Process`, so each experiment's main reads like the
 * lecture: `new PyProcess({ target: 'sleep', args: [1000] })`, `start()`, `join()`,
 * `is_alive()`, `terminate()`, `kill()`, `pid`, `name`, `daemon`, `exitcode`.
 * It runs inside the experiment's main (never in the app): each instance is a real child
 * process forked from the worker program `task.js`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join as joinPath } from 'node:path';
import { sharedNow } from '../common/clock';
import { readLines } from '../common/lines';
import { pyExitcode } from '../common/signals';
import { report } from './channel';
import type { FactValue, TaskSpec, TaskToParent } from '../common/protocol';

let workersDir = '';
let counter = 0;
const all: PyProcess[] = [];

/** Tells the runtime where the built worker programs are (set once by `lab-main`). */
export function setWorkersDir(dir: string): void {
  workersDir = dir;
}

/** Every PyProcess created in this main, in creation order. */
export function allProcesses(): readonly PyProcess[] {
  return all;
}

export interface PyProcessOptions {
  /** A task name from `tasks.ts` (the lecture's `target=`). */
  target: string;
  args?: FactValue[];
  /** Defaults to Python's `Process-N`. */
  name?: string;
  /** Python's `daemon`: ended when main's code finishes. Must be set before `start()`. */
  daemon?: boolean;
  style?: 'target' | 'subclass';
  /** Give the child a stdin pipe (for `closeStdin()`); otherwise its stdin is /dev/null. */
  stdin?: boolean;
}

/** One child process, with Python's `multiprocessing.Process` vocabulary. */
export class PyProcess {
  readonly name: string;
  readonly daemon: boolean;
  readonly target: string;
  readonly style: 'target' | 'subclass';
  /** Shared-clock ms of `start()`, of the child's first line of code, and of its reaping. */
  startAt: number | null = null;
  readyAt: number | null = null;
  exitAt: number | null = null;
  /** What the child said of itself when it started. */
  seenPid: number | null = null;
  seenPpid: number | null = null;
  /** Values the child reported (`report` messages), by key. */
  readonly reports = new Map<string, FactValue>();
  #args: FactValue[];
  #stdin: boolean;
  #child: ChildProcess | null = null;
  #exited: Promise<void> | null = null;
  #waiters: Array<() => void> = [];

  constructor(opts: PyProcessOptions) {
    counter += 1;
    this.name = opts.name ?? `Process-${counter}`;
    this.daemon = opts.daemon ?? false;
    this.target = opts.target;
    this.style = opts.style ?? 'target';
    this.#args = opts.args ?? [];
    this.#stdin = opts.stdin ?? false;
    all.push(this);
  }

  /** `p.pid`: like Python, null until `start()`. */
  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  /** Starts the child. Its pid, name and role go to the supervisor at once. */
  start(): void {
    if (this.#child) throw new Error(`${this.name}: start() called twice`);
    if (!workersDir) throw new Error('runtime not configured: setWorkersDir() first');
    const spec: TaskSpec = { target: this.target, args: this.#args, name: this.name, style: this.style };
    this.startAt = sharedNow();
    // The child inherits our environment, PROCESS_LAB_RUN included, so it can always be found.
    const child = fork(joinPath(workersDir, 'task.js'), [JSON.stringify(spec)], {
      stdio: [this.#stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.#child = child;
    child.stdin?.on('error', () => undefined);
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${this.name}: fork failed`);
    void report({
      k: 'child',
      pid,
      ppid: process.pid,
      name: this.name,
      role: this.daemon ? 'daemon' : 'child',
      at: this.startAt,
    });
    readLines(child, (stream, line) => void report({ k: 'log', pid, stream, line, at: sharedNow() }));
    child.on('message', (raw) => this.#onMessage(pid, raw as TaskToParent));
    this.#exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitAt = sharedNow();
        void report({ k: 'exit', pid, code, signal, at: this.exitAt });
        resolve();
      });
    });
  }

  #onMessage(pid: number, msg: TaskToParent): void {
    if (msg.k === 'ready') {
      this.readyAt = msg.at;
      this.seenPid = msg.pid;
      this.seenPpid = msg.ppid;
      void report({ k: 'child-ready', pid, at: msg.at });
    } else if (msg.k === 'signal-received') {
      void report({ k: 'signal-received', pid, signal: msg.signal, at: msg.at });
    } else if (msg.k === 'report') {
      this.reports.set(msg.key, msg.value);
    } else if (msg.k === 'step') {
      // Passed straight on: the lab shows the step as it happens, not when main asks.
      void report({ k: 'step', pid, label: msg.label, value: msg.value, at: msg.at });
    }
    for (const w of this.#waiters.splice(0)) w();
  }

  /**
   * Closes our end of the child's stdin pipe, synchronously: the child sees end-of-file. Lets
   * main end children at a moment of its choosing without running its event loop.
   */
  closeStdin(): void {
    this.#child?.stdin?.destroy();
  }

  /** Resolves once the child runs its first line of code (or has exited without doing so). */
  async waitReady(): Promise<void> {
    while (this.readyAt === null && this.is_alive()) {
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        void this.#exited?.then(r);
      });
    }
  }

  /** Resolves when the child has reported `key` (or has exited without it). */
  async waitReport(key: string): Promise<FactValue | undefined> {
    while (!this.reports.has(key) && this.is_alive()) {
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        void this.#exited?.then(r);
      });
    }
    return this.reports.get(key);
  }

  /** Sends a message to the child (e.g. "go"); resolves once it is written to the channel. */
  send(msg: FactValue): Promise<void> {
    return new Promise((resolve) => {
      const c = this.#child;
      if (!c?.connected) return resolve();
      c.send(msg as object, (err) => {
        void err;
        resolve();
      });
    });
  }

  /**
   * Python's `is_alive()`: true from `start()` until the child has been reaped. Node reaps in
   * its event loop (libuv's SIGCHLD handler), so right after `terminate()` this is still true.
   */
  is_alive(): boolean {
    const c = this.#child;
    return !!c && c.exitCode === null && c.signalCode === null;
  }

  /** Python's `join()`: waits until the child has ended and been reaped. */
  async join(): Promise<void> {
    if (!this.#exited) throw new Error(`${this.name}: join() before start()`);
    await this.#exited;
  }

  /** Python's `terminate()`: asks the OS to deliver SIGTERM; does not wait. */
  terminate(): void {
    this.#signal('SIGTERM');
  }

  /** Python's `kill()`: SIGKILL, which the child cannot catch. */
  kill(): void {
    this.#signal('SIGKILL');
  }

  #signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    const c = this.#child;
    if (!c || !this.is_alive() || c.pid === undefined) return;
    void report({ k: 'signal', pid: c.pid, signal, at: sharedNow() });
    c.kill(signal);
  }

  /** Python's `exitcode`: null while alive, else the code or `-N` for signal N. */
  get exitcode(): number | null {
    const c = this.#child;
    if (!c || this.is_alive()) return null;
    return pyExitcode(c.exitCode, c.signalCode);
  }
}
