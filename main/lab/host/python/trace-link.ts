/**
 * A traced Python run's trace, into the run: each tracer message becomes the run's `call` and
 * `log` events (through the pure PyTrace), names the process records with their Python names
 * and roles (the script, `Process-1`, the forkserver, resource_tracker, a launcher's shims), a
 * traced wait that collected a child closes its record (reaped by the caller, with the status
 * it read), and each call asks the sampler to look at once.
 */
import type { LabEventDraft } from '../../../../contract/events';
import type { ProcRecord, ProcRole } from '../../../../contract/process';
import type { HelloMessage, PyCallEvent, PythonBlock, TraceMessage } from '../../../../contract/python-trace';
import { sharedNow } from '../../common/clock';
import { PyTrace } from '../../python/trace-events';
import type { RunRecords } from '../run/records';
import type { PythonSession } from './session';

/** What the link needs of its run. */
export interface TraceLinkHooks {
  runId: string;
  /** The run's start, on the shared clock (epoch ms). */
  t0: number;
  mainPid: number;
  records: RunRecords;
  emit(e: LabEventDraft): void;
  /** Called on every traced call: sample now. */
  hint(): void;
}

/**
 * How long pipe lines wait for the script's hello before the pipe is taken as the log: the
 * hello is written before the program's first line, so only the event loop's order is waited for.
 */
const PIPE_HOLD_MS = 1000;
/** Pipe lines held at most meanwhile (a program printing without end before any hello). */
const PIPE_HELD_MAX = 2000;

/** How often records opened from the trace alone are checked for a pid that is gone. */
const GONE_CHECK_MS = 250;

const WAITS = new Set(['os.wait', 'os.waitpid', 'os.wait4']);

/** Python's own helper processes, told by their command line (the tracer sends `sys.orig_argv`). */
export function helperRole(argv: readonly string[]): { role: ProcRole; name: string } | null {
  const line = argv.join(' ');
  if (line.includes('multiprocessing.forkserver')) return { role: 'forkserver', name: 'forkserver' };
  if (line.includes('multiprocessing.resource_tracker')) return { role: 'resource-tracker', name: 'resource_tracker' };
  return null;
}

interface Reap {
  code: number | null;
  signal: string | null;
  t: number;
  by: number;
  byName: string;
}

export class TraceLink {
  readonly trace: PyTrace;
  /** Pids that said hello: the Python processes of the run. */
  readonly #python = new Set<number>();
  /** What traced waits collected, by pid: applied when the pid's record opens later (messages of two processes may cross). */
  readonly #reaped = new Map<number, Reap>();
  /** Records opened from the trace: a short process the sampler may never see. */
  readonly #fromTrace = new Set<number>();
  /** Names given by a parent's start() for a child not known yet. */
  readonly #pending = new Map<number, { name: string; role: ProcRole; t: number; by: number }>();
  #rootSpoke = false;
  #malformed = 0;
  /** Pipe lines held until the script's hello (see {@link pipeLine}). */
  readonly #held: LabEventDraft[] = [];
  #holdTimer: NodeJS.Timeout | undefined;
  /** No hello came in time: the pipe is the program's log. */
  #pipeIsLog = false;

  constructor(
    readonly session: PythonSession,
    private readonly hooks: TraceLinkHooks,
  ) {
    this.trace = new PyTrace(hooks.runId, hooks.t0);
    session.server.on('message', (m) => this.#take(m));
    // A line that does not parse is dropped (never shown as data); only counted.
    session.server.on('malformed', () => this.#malformed++);
    const timer = setInterval(() => this.#checkGone(), GONE_CHECK_MS);
    timer.unref();
    session.onClose(() => {
      clearInterval(timer);
      this.#flushPending();
      this.#pipeBecomesLog();
    });
  }

  /**
   * A line from the program's own stdout/stderr pipe (`pid`: the script's). Once the script
   * said hello, its lines (and its children's, each with its own pid) come through the trace,
   * so the pipe's copy is dropped. Until then the line is held, not logged: the hello is sent
   * before any program code runs, but on a busy machine the pipe can be read first, and a
   * forked child's lines would pass for the script's. A program run with `-I`/`-E`/`-S` never
   * says hello: {@link PIPE_HOLD_MS} after its first line (or at the run's end), its pipe
   * becomes its log.
   */
  pipeLine(pid: number, stream: 'stdout' | 'stderr', line: string, t: number): void {
    if (this.#rootSpoke) return;
    const ev: LabEventDraft = { type: 'log', pid, stream, line, t };
    if (this.#pipeIsLog) {
      this.hooks.emit(ev);
      return;
    }
    if (this.#held.length < PIPE_HELD_MAX) this.#held.push(ev);
    this.#holdTimer ??= setTimeout(() => this.#pipeBecomesLog(), PIPE_HOLD_MS).unref();
  }

  /** No hello came: the held lines, and every later one, are the program's log. */
  #pipeBecomesLog(): void {
    if (this.#holdTimer) clearTimeout(this.#holdTimer);
    if (this.#rootSpoke || this.#pipeIsLog) return;
    this.#pipeIsLog = true;
    for (const ev of this.#held.splice(0)) this.hooks.emit(ev);
  }

  /** The report's `python` block, when the script said hello. */
  pythonBlock(): PythonBlock | undefined {
    return this.trace.pythonBlock() ?? undefined;
  }

  /** Lines the socket received that were not the tracer's (0 in a healthy run). */
  get malformed(): number {
    return this.#malformed;
  }

  /** Whether `rec` is one of the run's Python processes (it said hello). */
  isPython(rec: ProcRecord): boolean {
    return this.#python.has(rec.pid);
  }

  #rel(epochMs: number): number {
    return Math.max(0, epochMs - this.hooks.t0);
  }

  #take(m: TraceMessage): void {
    const ev = this.trace.add(m);
    if (m.type === 'hello') this.#hello(m);
    else if (m.type === 'process') {
      // Its role is who started it (multiprocessing's parent), not its OS parent: under
      // forkserver a child of the script has the forkserver as its ppid, and is still a child.
      const starter = m.parentPid ?? m.ppid;
      const role: ProcRole = m.daemon ? 'daemon' : starter === this.hooks.mainPid ? 'child' : 'grandchild';
      this.#name(m.pid, m.ppid, m.name, role, this.#rel(m.t));
    }
    if (!ev) return;
    this.hooks.emit(ev);
    if (ev.type !== 'call') return;
    this.hooks.hint();
    // The parent's word names the child at once: a child terminated right after start() may
    // never get to say who it is.
    const d = ev.detail;
    if (ev.api === 'Process.start' && ev.target !== undefined && ev.target > 0 && typeof d?.name === 'string') {
      const role: ProcRole = d.daemon === true ? 'daemon' : ev.pid === this.hooks.mainPid ? 'child' : 'grandchild';
      // Under forkserver the child's parent is the forkserver process, not the caller. The
      // tracer names it (`server`, read from multiprocessing's own singleton): the record opens
      // now, under its real parent, for a child ended within ms may never say hello nor be
      // sampled, and a record never opened is never `spawned`, so missing from the report.
      // Without that word (an older multiprocessing) the record waits for the child's hello,
      // the forkserver's, or the run's end (#flushPending).
      if (d.method !== 'forkserver') this.#name(ev.target, ev.pid, d.name, role, ev.t);
      else if (typeof d.server === 'number' && d.server > 0) this.#name(ev.target, d.server, d.name, role, ev.t);
      else if (this.hooks.records.has(ev.target)) this.#name(ev.target, ev.pid, d.name, role, ev.t);
      else this.#pending.set(ev.target, { name: d.name, role, t: ev.t, by: ev.pid });
    }
    this.#onWait(ev);
  }

  /** A wait that collected a child is the reaping itself: the record says who reaped it, and how it ended. */
  #onWait(ev: PyCallEvent): void {
    const r = ev.result;
    if (!WAITS.has(ev.api) || r === null || typeof r !== 'object' || r.pid <= 0 || r.stopped) return;
    const reap: Reap = {
      code: r.exitCode ?? null,
      signal: r.signal ?? null,
      t: ev.endT ?? ev.t,
      by: ev.pid,
      byName: this.hooks.records.get(ev.pid)?.name ?? `pid ${ev.pid}`,
    };
    this.#reaped.set(r.pid, reap);
    this.hooks.records.markExit(r.pid, reap.code, reap.signal, reap.t, reap.by, reap.byName);
  }

  #hello(m: HelloMessage): void {
    this.#python.add(m.pid);
    const t = this.#rel(m.t);
    const { records, mainPid } = this.hooks;
    if (m.pid === mainPid && !m.forked) {
      this.#rootSpoke = true;
      // The trace has every line the pipe held, each under the pid that printed it.
      this.#held.length = 0;
      if (this.#holdTimer) clearTimeout(this.#holdTimer);
      this.#name(m.pid, m.ppid, 'MainProcess', 'main', t);
      // Whatever ran under the root before its interpreter said hello was the launcher's work
      // (pyenv's bash wrappers resolving the version): shims, folded away in the view.
      for (const r of records.all())
        if (r.pid !== mainPid && r.startMs <= t && !this.#python.has(r.pid) && r.role !== 'shim')
          records.name(r.pid, r.ppid, r.name, 'shim', t);
      return;
    }
    // A child the forkserver forked carries its command line too: only a fresh interpreter is the helper.
    const helper = m.forked ? null : helperRole(m.argv);
    const pending = this.#pending.get(m.pid);
    this.#pending.delete(m.pid);
    if (helper) {
      this.#name(m.pid, m.ppid, helper.name, helper.role, t);
      // The forkserver forks every child still waiting for its parent's name: it is that parent.
      if (helper.role === 'forkserver') this.#flushPending(m.pid);
    } else if (pending) this.#name(m.pid, m.ppid, pending.name, pending.role, t);
    else if (!records.has(m.pid))
      // A child the sampler has not found yet (a short one may never be): it exists, it said so.
      this.#name(m.pid, m.ppid, `python ${m.pid}`, m.ppid === mainPid ? 'child' : 'grandchild', t);
  }

  /** Names `pid`, opening its record if the sampler has not; a wait already seen closes it. */
  #name(pid: number, ppid: number, name: string, role: ProcRole, t: number): void {
    const { records } = this.hooks;
    const had = records.has(pid);
    records.name(pid, ppid, name, role, t);
    if (had) return;
    const r = this.#reaped.get(pid);
    if (r) records.markExit(pid, r.code, r.signal, r.t, r.by, r.byName);
    else this.#fromTrace.add(pid);
  }

  /**
   * Opens the record of every forkserver child whose start() was traced but that neither said
   * hello nor was sampled, under `server` (the forkserver's pid, when known) or else its
   * caller. At the run's end (no `server`), one whose pid is gone is ended at once: no later
   * check would.
   */
  #flushPending(server?: number): void {
    if (this.#pending.size === 0) return;
    const known = server ?? this.hooks.records.all().find((r) => r.role === 'forkserver')?.pid;
    for (const [pid, p] of this.#pending) this.#name(pid, known ?? p.by, p.name, p.role, p.t);
    this.#pending.clear();
    if (server === undefined) this.#checkGone();
  }

  /**
   * A record the trace opened that no sampler tick has seen has no start time for the sampler
   * to follow: it is ended here once its pid is gone. Signal 0 sends nothing; it only asks the
   * OS whether the pid exists (a zombie still does).
   */
  #checkGone(): void {
    const { records } = this.hooks;
    for (const pid of this.#fromTrace) {
      const rec = records.get(pid);
      if (!rec || rec.endMs !== null || records.startTimeOf(pid) !== undefined) {
        this.#fromTrace.delete(pid);
        continue;
      }
      try {
        process.kill(pid, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') continue;
        records.missing(pid, this.#rel(sharedNow()), true);
        this.#fromTrace.delete(pid);
      }
    }
  }
}
