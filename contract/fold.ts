/**
 * The one fold of the lab's events into each process's story: name, parents, states over time,
 * signals, exit and reap, printed lines and steps. The view's model folds the live stream (and
 * a recorded run's events, to replay it) with it; `foldEvents` folds a whole recorded run.
 * `reaped` carries the exit status its reaper collected, so a zombie's status shows as soon as
 * its parent waits, while the run still goes on.
 */
import type { LabEvent } from './events';
import type { ProcRole, ProcState } from './process';
import type { ReportProcess } from './report';

/** A state as the view shows it: the OS's letter, or `exited` once the process has left the table. */
export type ViewState = ProcState | 'exited';

/** One stretch of time in one state (run-relative ms); `to` is null while it lasts. */
export interface StateSpan {
  state: ProcState;
  from: number;
  to: number | null;
}

/** A signal on the timeline: asked for (`sent`, by the lab or main) or seen arriving (`received`). */
export interface SignalMark {
  t: number;
  signal: string;
  kind: 'sent' | 'received';
  by: 'lab' | 'main' | null;
}

/** One line a process printed. */
export interface PrintedLine {
  t: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** A step of its task a worker announced as it happened (the ticket race's reads and writes). */
export interface TaskStep {
  t: number;
  label: string;
  value: number | string | null;
}

/** What the fold keeps of one process (the view's ProcView adds its own fields). */
export interface FoldedProcess {
  name: string;
  /** Its role in the run (`spawned`, then main's word in `identified`); null for one the run did not start (an adopter). */
  role: ProcRole | null;
  /** When the run first knew it (its `spawned`), run-relative ms. */
  startMs: number;
  ppid: number;
  ppids: number[];
  /** When it was re-parented (run-relative ms), or null. */
  reparentedMs: number | null;
  /** Met already re-parented: `ppids[0]` is its adopter, its real first parent is unknown. */
  firstParentUnknown: boolean;
  state: ViewState;
  spans: StateSpan[];
  /** When its own code began (the lab's `ready`). */
  readyMs: number | null;
  /** When it exited (a zombie has exited, though it is still in the process table). */
  endMs: number | null;
  /** When it left the process table (reaped, or gone unseen). */
  goneMs: number | null;
  reapedMs: number | null;
  reapedBy: { pid: number; name: string } | null;
  exitCode: number | null;
  signal: string | null;
  pyExitcode: number | null;
  signals: SignalMark[];
  lines: PrintedLine[];
  /** Lines dropped from the front of `lines`. */
  linesDropped: number;
  steps: TaskStep[];
  /** A traced Python process's calls (`start()`, `join()`, `is_alive()`…), in order. */
  calls: CallMark[];
}

/** One traced call on its caller's lane: an instant, or a span for a call that blocked. */
export interface CallMark {
  t: number;
  endT: number | null;
  api: string;
  target: number | null;
  /** What it returned, as short text (`True`, `-15`, `reaped 123`). */
  result: string | null;
  /** Made by multiprocessing on the program's behalf (the wait inside join()). */
  internal: boolean;
}

/** How the fold keeps a process's lines, and what the caller adds when a process leaves the table. */
export interface FoldOptions {
  /** Printed lines kept per process (the latest). */
  linesKept: number;
  /** Called once the process has left the table (the view stamps its wall clock). */
  onLeave?(p: FoldedProcess): void;
}

/** A new process's story, as `spawned` starts it. */
export function spawnedProcess(
  name: string,
  ppid: number,
  role: ProcRole | null = null,
  startMs = 0,
  firstParentUnknown = false,
): FoldedProcess {
  return {
    name,
    role,
    startMs,
    ppid,
    ppids: [ppid],
    reparentedMs: null,
    firstParentUnknown,
    state: '?' as ViewState,
    spans: [],
    readyMs: null,
    endMs: null,
    goneMs: null,
    reapedMs: null,
    reapedBy: null,
    exitCode: null,
    signal: null,
    pyExitcode: null,
    signals: [],
    lines: [],
    linesDropped: 0,
    steps: [],
    calls: [],
  };
}

/** Out of the process table: the last state span ends. */
function leave(d: FoldedProcess, t: number, opts: FoldOptions): void {
  const last = d.spans.at(-1);
  if (last && last.to === null) last.to = Math.max(last.from, t);
  d.state = 'exited';
  d.goneMs ??= t;
  opts.onLeave?.(d);
}

/** The exit status an event carries (exited, or reaped by a parent that told it), onto `d`. */
function takeStatus(
  d: FoldedProcess,
  e: { exitCode?: number | null; signal?: string | null; pyExitcode?: number | null },
): void {
  d.exitCode = e.exitCode ?? d.exitCode;
  d.signal = e.signal ?? d.signal;
  d.pyExitcode = e.pyExitcode ?? d.pyExitcode;
}

/**
 * Folds one event of process `d` into it, in place (`d` is the caller's own copy). `spawned`,
 * `mark`, `file` and `usage` are not about one process's story: the caller handles them.
 */
export function foldProcessEvent(d: FoldedProcess, e: LabEvent, opts: FoldOptions): void {
  switch (e.type) {
    case 'ready':
      d.readyMs ??= e.t;
      break;
    case 'state-changed': {
      if (d.state === 'exited') break;
      const last = d.spans.at(-1);
      const from = Math.max(e.t, last?.from ?? e.t);
      if (last && last.to === null) last.to = from;
      d.spans.push({ state: e.to, from, to: null });
      d.state = e.to;
      break;
    }
    case 'signalled':
      d.signals.push({ t: e.t, signal: e.signal, kind: 'sent', by: e.by });
      break;
    case 'signal-received':
      d.signals.push({ t: e.t, signal: e.signal, kind: 'received', by: null });
      break;
    case 'exited':
      d.endMs ??= e.t;
      takeStatus(d, e);
      // A zombie has exited but stays in the table, state Z, until someone waits for it.
      if (d.state !== 'Z') leave(d, e.t, opts);
      break;
    case 'reaped':
      d.endMs ??= e.t;
      d.reapedMs ??= e.t;
      d.reapedBy ??= { pid: e.by, name: e.byName };
      takeStatus(d, e);
      leave(d, e.t, opts);
      break;
    case 'renamed':
      d.name = e.name;
      // A traced Python process said who it is (the forkserver, a launcher's shim, main).
      if (e.role) d.role = e.role;
      break;
    case 'identified':
      d.name = e.name;
      d.role = e.role;
      if (e.ppid !== undefined && d.firstParentUnknown) {
        d.ppids.unshift(e.ppid);
        d.firstParentUnknown = false;
      }
      break;
    case 'vanished':
      // Gone unseen: it ended by then (as the engine's record says).
      d.endMs ??= e.t;
      leave(d, e.t, opts);
      break;
    case 'reparented':
      if (d.ppids.at(-1) !== e.to) d.ppids.push(e.to);
      d.ppid = e.to;
      d.reparentedMs ??= e.t;
      break;
    case 'log': {
      d.lines.push({ t: e.t, stream: e.stream, line: e.line });
      const over = d.lines.length - opts.linesKept;
      if (over > 0) {
        d.lines.splice(0, over);
        d.linesDropped += over;
      }
      break;
    }
    case 'step':
      d.steps.push({ t: e.t, label: e.label, value: e.value });
      break;
    case 'call': {
      const r = e.result;
      const result =
        r === undefined || r === null
          ? null
          : typeof r === 'object'
            ? r.pid > 0
              ? `reaped ${r.pid}`
              : 'nothing yet'
            : typeof r === 'boolean'
              ? r
                ? 'True'
                : 'False'
              : String(r);
      d.calls.push({
        t: e.t,
        endT: e.endT ?? null,
        api: e.api,
        target: e.target ?? null,
        result,
        internal: e.by !== 'program',
      });
      break;
    }
    default:
      break;
  }
}

/** A whole recorded run folded: each process's story by pid, in order of appearance. */
export function foldEvents(events: readonly LabEvent[], linesKept = Infinity): Map<number, FoldedProcess> {
  const out = new Map<number, FoldedProcess>();
  for (const e of events) {
    if (e.type === 'spawned') {
      if (!out.has(e.pid)) out.set(e.pid, spawnedProcess(e.name, e.ppid, e.role, e.t, e.firstParentUnknown === true));
      continue;
    }
    const d = out.get(e.pid);
    if (d) foldProcessEvent(d, e, { linesKept });
  }
  return out;
}

/**
 * A report's `processes`, folded from the run's events alone: each process's identity and
 * history, in order of appearance. The engine's report is built with it, so a recorded run's
 * events and its processes cannot tell two stories.
 */
export function reportProcesses(events: readonly LabEvent[]): ReportProcess[] {
  // Only the processes the run started: an adopter is never `spawned`, so never folded.
  const folded = [...foldEvents(events)].sort(([, a], [, b]) => a.startMs - b.startMs);
  return folded.map(([pid, d]) => ({
    pid,
    ppid: d.ppids[0] ?? d.ppid,
    ppids: [...d.ppids],
    name: d.name,
    role: d.role ?? 'grandchild',
    startMs: Math.round(d.startMs),
    endMs: d.endMs === null ? null : Math.round(d.endMs),
    reapedMs: d.reapedMs === null ? null : Math.round(d.reapedMs),
    ...(d.firstParentUnknown ? { firstParentUnknown: true as const } : {}),
    // A zombie at the run's end has no CPU to measure: null, never a decaying average.
    ...(d.state === 'Z' ? { cpu: null } : {}),
    exitCode: d.exitCode,
    signal: d.signal,
    pyExitcode: d.pyExitcode,
    // Distinct states, in order of first appearance.
    states: [...new Set(d.spans.map((s) => s.state))],
  }));
}
