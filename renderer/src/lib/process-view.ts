/**
 * What the view keeps of one process ({@link ProcView}) and of a run's marks and watched files:
 * the shapes the model (./process-model.svelte.ts) builds, and the components draw.
 */
import type { ProcRole } from '../../../contract/process';
import {
  spawnedProcess,
  type CallMark,
  type PrintedLine,
  type SignalMark,
  type StateSpan,
  type TaskStep,
  type ViewState,
} from '../../../contract/fold';

/** `lab`: a run's process; `adopter`: a process that adopted an orphan (not the lab's); `electron`: the app's own. */
export type ProcKind = 'lab' | 'adopter' | 'electron';

/** One version of a file the run watches, as the engine read it. */
export interface FileVersion {
  runId: string;
  t: number;
  path: string;
  content: string;
}

/** A run's own landmark (`serial-start`, `main-code-finished`, …). */
export interface RunMark {
  runId: string;
  t: number;
  pid: number;
  label: string;
  detail: string | number | boolean | null;
}

/** Everything the view knows about one process. Never mutated: each change is a new object. */
export interface ProcView {
  readonly pid: number;
  readonly runId: string | null;
  readonly kind: ProcKind;
  readonly name: string;
  /** The role in the run; null for an adopter. */
  readonly role: ProcRole | null;
  /** Only processes the lab started may be signalled from the view. */
  readonly labStarted: boolean;
  /** The parent now (the adopter, for an orphan). */
  readonly ppid: number;
  /** Every parent seen, first (the one that started it) to last. */
  readonly ppids: readonly number[];
  /** Met already re-parented: `ppids[0]` is its adopter, the parent that started it is unknown. */
  readonly firstParentUnknown: boolean;
  /** When it was re-parented (run-relative ms), or null. */
  readonly reparentedMs: number | null;
  readonly state: ViewState;
  /** States over time, for the timeline. */
  readonly spans: readonly StateSpan[];
  readonly startMs: number;
  /** When its own code began (the lab's `ready`): `startMs → readyMs` is the start overhead. */
  readonly readyMs: number | null;
  /** When it exited (a zombie has exited, though it is still in the process table). */
  readonly endMs: number | null;
  /** When it left the process table (reaped, or gone unseen). */
  readonly goneMs: number | null;
  readonly reapedMs: number | null;
  readonly reapedBy: { pid: number; name: string } | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Python's `Process.exitcode`: the exit code, or `-N` when ended by signal N. */
  readonly pyExitcode: number | null;
  readonly signals: readonly SignalMark[];
  /** What it printed (the latest `linesKept`). */
  readonly lines: readonly PrintedLine[];
  /** Lines dropped from the front of {@link lines}. */
  readonly linesDropped: number;
  /** The steps it announced, in order. */
  readonly steps: readonly TaskStep[];
  /** A traced Python process's calls (`start()`, `join()`, `is_alive()`…), in order. */
  readonly calls: readonly CallMark[];
  /** Wall-clock ms when the view first saw it live (for the "new" glow); null when replayed. */
  readonly seenAt: number | null;
  /** Wall-clock ms when it left the table live (to grey it, then hide it); null otherwise. */
  readonly goneAt: number | null;
}

/** How the model behaves; every field has a safe default. */
export interface ProcessModelOptions {
  /** How long a gone process stays (greyed) in {@link ProcessModel.visible}, ms. Default 10 s. */
  keepExitedMs?: number;
  /** CPU/RSS samples kept per process. Default 120 (12 s at 10 Hz). */
  historyLength?: number;
  /** Printed lines kept per process. Default 200. */
  linesKept?: number;
  /** The wall clock (tests pass a fake one). */
  now?: () => number;
}

/** A process's view while one batch is folded into it (a copy, edited in place). */
export type Draft = { -readonly [K in keyof ProcView]: ProcView[K] } & {
  ppids: number[];
  spans: StateSpan[];
  signals: SignalMark[];
  lines: PrintedLine[];
  steps: TaskStep[];
  calls: CallMark[];
};

/** A process's view before any event about it, with `over` on top. */
export function blank(pid: number, over: Partial<ProcView>): ProcView {
  return {
    // The fold's own start of a story, then what only the view keeps.
    ...spawnedProcess(`pid ${pid}`, 0),
    ppids: [],
    pid,
    runId: null,
    kind: 'lab',
    labStarted: false,
    seenAt: null,
    goneAt: null,
    ...over,
  };
}

/** The old parent of an orphan (the one before its adopter), or null. */
export function formerParent(p: ProcView): number | null {
  return p.ppids.length > 1 ? (p.ppids[p.ppids.length - 2] ?? null) : null;
}
