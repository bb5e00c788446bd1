/**
 * The supervisor: the one object the shell, the CLI, the browser server and the tests drive.
 * It starts runs (an experiment's main, or any program to observe), signals only processes the
 * lab started, ends everything on kill-all, and sweeps what a crashed predecessor left behind.
 */
import { EventEmitter } from 'node:events';
import type { LabEvent } from '../../../contract/events';
import type { ProcRecord } from '../../../contract/process';
import { isValidHz } from '../../../contract/engine';
import type { RunReport } from '../../../contract/report';
import { delay } from '../common/clock';
import { LabError } from '../common/errors';
import { CONDUCTS } from './conducts';
import { checkStart } from '../experiments';
import { checkExperimentCaps, checkRunSlots, type CapState } from './caps';
import { sweepRunTemps } from './run-temp';
import { planSweep, protectedPids } from './sweep-guard';
import { findLabPids, isValidPid } from './os-probe';
import { PidFiles, defaultStateDir } from './pidfile';
import type { PythonSession } from './python/session';
import { openPythonRun, type PythonRunRequest } from './python/start';
import { Run, type RunHandle, type RunTarget } from './run/run';
import { DEFAULT_HZ, MAX_HZ, MIN_HZ, Sampler, createBackend } from './sampler';
import { LAB_SIGNALS, type LabSignal } from '../common/signals';

const POSIX = process.platform !== 'win32';

/**
 * This process, as a pidfile names its owner. The start time comes from our own uptime (within
 * tens of ms of the kernel's), so sweeps compare it with a generous tolerance.
 */
const SELF = { pid: process.pid, startTime: Date.now() - process.uptime() * 1000 };
const OWNER_TOLERANCE_MS = 2000;

export interface SupervisorOptions {
  /** Folder holding the built worker programs (`lab-main.js`, `task.js`). */
  workersDir: string;
  /** Folder for pidfiles; defaults to `$XDG_STATE_HOME/process-lab`. */
  stateDir?: string;
  /** Sampler back end; `auto` picks `/proc` on Linux. */
  sampler?: 'proc' | 'portable' | 'auto';
  /** SIGTERM → SIGKILL grace period when ending a run, ms. */
  graceMs?: number;
}

interface SupervisorEvents {
  /** Events of one sampler tick of one run, batched. */
  events: [LabEvent[]];
  'run-started': [Run];
  'run-ended': [RunReport];
}

/** Starts, watches and ends the lab's processes. */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly pidfiles: PidFiles;
  #opts: Required<SupervisorOptions>;
  #runs = new Set<Run>();

  constructor(opts: SupervisorOptions) {
    super();
    this.#opts = {
      stateDir: defaultStateDir(),
      sampler: 'auto',
      graceMs: 1000,
      ...opts,
    };
    this.pidfiles = new PidFiles(this.#opts.stateDir);
  }

  /** The built worker programs' folder (the tracer and the lecture programs are beside it: python/files.ts). */
  get workersDir(): string {
    return this.#opts.workersDir;
  }

  /** Runs still going. */
  activeRuns(): Run[] {
    return [...this.#runs];
  }

  /**
   * Validates options and starts an experiment. Bad input throws a LabError and starts nothing.
   */
  start(experimentId: string, rawOptions: unknown = {}): Run {
    const { def, options } = checkStart(experimentId, rawOptions);
    const expectedMs = def.expectedMs(options);
    // Before anything starts: runs at once, length, children by kind, lab processes in total.
    checkExperimentCaps(def.id, options, expectedMs, this.#capState());
    const timeoutMs = Math.round(expectedMs * 3 + 30_000);
    const conduct = Object.hasOwn(CONDUCTS, def.id) ? CONDUCTS[def.id] : undefined;
    return this.#launch(
      { kind: 'experiment', experiment: def.id, options, timeoutMs },
      conduct ? (run) => conduct(run, options) : undefined,
    );
  }

  /** Runs any program as a tracked root and follows its whole tree. */
  observe(command: string, args: string[], options: { hz?: number; timeoutMs?: number } = {}): Run {
    if (typeof command !== 'string' || command.length === 0)
      throw new LabError('bad-options', 'observe: a command is required');
    const hz = options.hz ?? DEFAULT_HZ;
    if (!isValidHz(hz)) throw new LabError('bad-options', `hz: must be auto (0) or between ${MIN_HZ} and ${MAX_HZ}`);
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (!(timeoutMs > 0 && timeoutMs <= 3_600_000))
      throw new LabError('bad-options', 'timeout: must be between 0 and 3600 s');
    checkRunSlots(this.#capState());
    return this.#launch({ kind: 'observe', command, args, options: { hz, timeoutMs } });
  }

  #capState(): CapState {
    return { activeRuns: this.#runs.size, liveProcesses: this.live().length };
  }

  /**
   * Starts a traced Python program: a lecture program, a file, or an observed interpreter
   * command. Bad input, or no interpreter, throws a LabError (one sentence) and starts nothing.
   */
  async startPython(req: PythonRunRequest): Promise<Run> {
    // Before anything starts (the interpreter is looked for first): runs at once.
    checkRunSlots(this.#capState());
    const { target, session } = await openPythonRun(req, this.#opts.workersDir);
    try {
      return this.#launch(target, undefined, session);
    } catch (err) {
      await session.close();
      throw err;
    }
  }

  #launch(target: RunTarget, conduct?: (run: RunHandle) => Promise<void>, python?: PythonSession): Run {
    // The options' schema lets 0 (auto) through with the fixed range: reject what lies between.
    if (!isValidHz(target.options.hz))
      throw new LabError('bad-options', `hz: must be auto (0) or between ${MIN_HZ} and ${MAX_HZ}`);
    const sampler = new Sampler({ backend: this.#opts.sampler, hz: target.options.hz });
    let run: Run;
    try {
      run = new Run(target, {
        workersDir: this.#opts.workersDir,
        sampler,
        pidfiles: this.pidfiles,
        graceMs: this.#opts.graceMs,
        supervisorIdentity: SELF,
        onBatch: (events) => this.emit('events', events),
        ...(conduct ? { conduct } : {}),
        ...(python ? { python } : {}),
      });
    } catch (err) {
      sampler.stop();
      throw err;
    }
    this.#runs.add(run);
    this.emit('run-started', run);
    // The run stops its own sampler when it ends.
    void run.done.then((report) => {
      this.#runs.delete(run);
      this.emit('run-ended', report);
    });
    return run;
  }

  /** Every live process of every active run. */
  live(): ProcRecord[] {
    return this.activeRuns().flatMap((r) => r.records().filter((p) => p.endMs === null));
  }

  /**
   * Sends a signal to a process the lab started. Refuses (LabError `not-lab-process`) pid 1,
   * this process, its parent, and any pid not recorded in an active run — and checks the pid
   * still belongs to the same process (same start time) so a reused pid is never hit.
   */
  async signal(pid: unknown, signal: unknown): Promise<void> {
    if (!isValidPid(pid)) throw new LabError('not-lab-process', `not a pid: ${String(pid)}`);
    if (!LAB_SIGNALS.includes(signal as LabSignal))
      throw new LabError('not-possible', `signal not allowed: ${String(signal)}`);
    const sig = signal as LabSignal;
    if ((sig === 'SIGSTOP' || sig === 'SIGCONT') && !POSIX)
      throw new LabError('unsupported-platform', `${sig} does not exist on Windows`);
    if (pid === 1 || pid === process.pid || pid === process.ppid)
      throw new LabError('not-lab-process', `pid ${pid} was not started by the lab`);
    const run = this.activeRuns().find((r) => r.record(pid)?.endMs === null);
    if (!run) throw new LabError('not-lab-process', `pid ${pid} is not a live process the lab started`);
    const expected = run.startTimeOf(pid);
    if (expected !== undefined) {
      const probe = createBackend(this.#opts.sampler);
      try {
        const now = await probe.sample([], new Map([[pid, expected]]));
        if (!now.has(pid)) throw new LabError('not-lab-process', `pid ${pid} has ended (or is another process now)`);
      } finally {
        probe.close();
      }
    }
    run.signal(pid, sig, 'lab');
    await run.sampleNow();
  }

  /**
   * Asks a zombie's parent to reap it (the parent must be a lab main that can be told to
   * `wait()`, such as the zombie experiment's).
   */
  reap(pid: unknown): void {
    if (!isValidPid(pid)) throw new LabError('not-lab-process', `not a pid: ${String(pid)}`);
    const run = this.activeRuns().find((r) => r.record(pid));
    const rec = run?.record(pid);
    if (!run || !rec) throw new LabError('not-lab-process', `pid ${pid} is not a process the lab started`);
    if (rec.state !== 'Z') throw new LabError('not-possible', `pid ${pid} is not a zombie`);
    const parent = rec.ppids[rec.ppids.length - 1];
    if (parent !== run.mainPid)
      throw new LabError('not-possible', `pid ${pid}'s parent (${String(parent)}) is not the run's main`);
    run.command('reap');
  }

  /**
   * Ends every run of this supervisor and every process left by an earlier one (pidfiles), then
   * waits for their reports. Resolves with the pids that were still alive afterwards (should be []).
   */
  async killAll(): Promise<number[]> {
    const runs = this.activeRuns();
    for (const r of runs) r.stop();
    const reports = await Promise.all(runs.map((r) => r.done));
    await this.sweep();
    return [...new Set(reports.flatMap((r) => r.leaked))];
  }

  /**
   * Ends what previous lab sessions left behind, found through their pidfiles: each main is
   * checked by start time (a reused pid is never signalled), then its group and every process
   * carrying its run id get SIGKILL — nobody is watching them, so there is no graceful exit to
   * wait for. Runs whose owner (another app or CLI) is still alive are left alone unless
   * `force` is set. Returns the pids signalled; with `dryRun`, the signals it would send
   * (a group as its negative pgid) and nothing is sent or removed. Then removes the temp folders
   * of runs that are gone, untouched for `tempGraceMs` (10 s by default; see run-temp).
   */
  async sweep(opts: { force?: boolean; dryRun?: boolean; tempGraceMs?: number } = {}): Promise<number[]> {
    const active = new Set(this.activeRuns().map((r) => r.runId));
    const killed: number[] = [];
    const probe = createBackend(this.#opts.sampler);
    const protect = protectedPids();
    try {
      for (const e of this.pidfiles.list()) {
        if (active.has(e.runId)) continue;
        // Another live app or CLI owns this run: not a leftover (unless the user said kill-all).
        if (!opts.force && e.supervisor && e.supervisor.pid !== process.pid) {
          const owner = (await probe.sample([e.supervisor.pid], new Map())).get(e.supervisor.pid);
          if (owner && Math.abs(owner.startTime - e.supervisor.startTime) <= OWNER_TOLERANCE_MS) continue;
        }
        // What to end is decided from the OS, not the file (see sweep-guard): only the run's
        // own processes, never pid 1, us or our ancestors, a group only through its verified leader.
        const targets = await planSweep(e, probe, findLabPids(e.runId) ?? [], protect);
        for (const t of targets) {
          if (opts.dryRun) {
            killed.push(t.group ? -t.pid : t.pid);
            continue;
          }
          try {
            // SIGKILL: nobody watches a leftover, so there is no graceful exit to wait for.
            process.kill(t.group ? -t.pid : t.pid, 'SIGKILL');
            killed.push(t.pid);
          } catch {
            // Gone meanwhile.
          }
        }
        if (opts.dryRun) continue;
        this.pidfiles.remove(e.runId);
      }
    } finally {
      probe.close();
    }
    // Temp folders of runs that are gone (their host was killed before it could remove them).
    if (!opts.dryRun) {
      const kept = new Set([...active, ...this.pidfiles.list().map((e) => e.runId)]);
      sweepRunTemps((id) => kept.has(id), opts.tempGraceMs);
    }
    if (killed.length > 0) await delay(50);
    return killed;
  }

  /** Ends everything and releases every resource. */
  async dispose(): Promise<void> {
    await this.killAll();
    this.removeAllListeners();
  }
}
