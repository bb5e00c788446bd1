/**
 * The lab's limits, in one place, each with an error that says which limit and why. A single
 * schema-valid request could otherwise start dozens of runs, run for days, or fork thousands
 * of Node children (~7 MiB private each, ~40 MiB resident) and take the machine down with it.
 *
 * - concurrent runs: {@link MAX_CONCURRENT_RUNS} (`busy`);
 * - a run's expected length (the experiment's own `expectedMs`): {@link MAX_EXPECTED_MS};
 * - processes at once per run, by kind of child: Node workers cost far more than small native
 *   programs (`head`, `/bin/sh`), so each kind has its own budget, from free memory
 *   ({@link processCaps});
 * - lab processes alive in total, across runs: {@link MAX_TOTAL_PROCESSES}.
 */
import { freemem } from 'node:os';
import { LabError } from '../common/errors';

/** Runs going at once, per supervisor (a class's projector and a few tabs, not a crowd). */
export const MAX_CONCURRENT_RUNS = 4;
/** The longest run an experiment may be asked for, by its own estimate: 10 minutes. */
export const MAX_EXPECTED_MS = 10 * 60_000;
/** Lab processes alive at once across every run of this supervisor. */
export const MAX_TOTAL_PROCESSES = 1200;

/** Memory budgeted per child, by kind (resident, with room: measured ~40 MiB and ~1 MiB). */
const NODE_CHILD_BYTES = 48 * 1024 * 1024;
const NATIVE_CHILD_BYTES = 2 * 1024 * 1024;
/** The share of free memory one run may plan to use. */
const MEMORY_SHARE = 0.5;

/** How many children of each kind one run may have at once. */
export interface ProcessCaps {
  /** Node workers (each a full Node process). */
  node: number;
  /** Small native programs (`head`, `/bin/sh`, `sleep`). */
  native: number;
  /** The free memory it was derived from, bytes. */
  freeBytes: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.floor(v)));

/**
 * Per-run caps from free memory now: half of it divided by each kind's cost, and never below
 * what the lessons' defaults need (so a busy machine still runs them) nor above what a lesson
 * can use (64 Node workers: the largest parallel run; 1000 native: the zombie pile-up).
 */
export function processCaps(freeBytes: number = freemem()): ProcessCaps {
  const budget = freeBytes * MEMORY_SHARE;
  return {
    node: clamp(budget / NODE_CHILD_BYTES, 16, 64),
    native: clamp(budget / NATIVE_CHILD_BYTES, 64, 1000),
    freeBytes,
  };
}

/** The most children of each kind a run of `experimentId` with `options` has at once. */
export function processDemand(
  experimentId: string,
  options: Record<string, unknown>,
): { node: number; native: number } {
  const n = (key: string, fallback = 0): number => {
    const v = options[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : Array.isArray(v) ? v.length : fallback;
  };
  switch (experimentId) {
    case 'zombie':
      // pile-up: tiny `head -c 1` children; otherwise Node children plus a witness.
      return options.pileUp === true ? { node: 0, native: n('children') } : { node: n('children') + 1, native: 0 };
    case 'ticket-race':
      return { node: n('buyers'), native: 0 };
    case 'parallel':
      return { node: n('tasks'), native: 0 };
    case 'join':
      return { node: n('durations'), native: 0 };
    case 'spawn':
      return { node: n('children') * 2 + 1, native: 0 };
    default:
      // The small lessons (daemon, orphan, lifecycle, isolation) start two or three children.
      return { node: 4, native: 0 };
  }
}

/** What the caps are checked against: the supervisor's runs and processes now. */
export interface CapState {
  activeRuns: number;
  liveProcesses: number;
}

/** Throws `busy` when another run may not start now (too many runs or processes alive). */
export function checkRunSlots(state: CapState): void {
  if (state.activeRuns >= MAX_CONCURRENT_RUNS)
    throw new LabError(
      'busy',
      `${state.activeRuns} runs are going: at most ${MAX_CONCURRENT_RUNS} at once (stop one, or wait for it to end)`,
    );
  if (state.liveProcesses >= MAX_TOTAL_PROCESSES)
    throw new LabError(
      'busy',
      `${state.liveProcesses} lab processes are alive: at most ${MAX_TOTAL_PROCESSES} across all runs`,
    );
}

/**
 * Checks an experiment's run against every cap before anything starts: `busy` for the slots,
 * `bad-options` for a run too long or too large for this machine, naming the limit.
 */
export function checkExperimentCaps(
  experimentId: string,
  options: Record<string, unknown>,
  expectedMs: number,
  state: CapState,
  caps: ProcessCaps = processCaps(),
): void {
  checkRunSlots(state);
  if (!(expectedMs <= MAX_EXPECTED_MS))
    throw new LabError(
      'bad-options',
      `this run would take about ${Math.round(expectedMs / 60_000)} min: at most ${MAX_EXPECTED_MS / 60_000} min (fewer repeats, buyers or a smaller time scale)`,
    );
  const want = processDemand(experimentId, options);
  const mib = Math.round(caps.freeBytes / 2 ** 20);
  if (want.node > caps.node)
    throw new LabError(
      'bad-options',
      `this run would start ${want.node} Node children at once: at most ${caps.node} here (half of ${mib} MiB free, ${NODE_CHILD_BYTES / 2 ** 20} MiB each)`,
    );
  if (want.native > caps.native)
    throw new LabError(
      'bad-options',
      `this run would start ${want.native} small children at once: at most ${caps.native} here (half of ${mib} MiB free, ${NATIVE_CHILD_BYTES / 2 ** 20} MiB each)`,
    );
  if (state.liveProcesses + want.node + want.native + 1 > MAX_TOTAL_PROCESSES)
    throw new LabError(
      'busy',
      `this run would bring the lab to ${state.liveProcesses + want.node + want.native + 1} processes: at most ${MAX_TOTAL_PROCESSES} across all runs`,
    );
}
