/**
 * The ticket race's facts and its two formats, one definition for the engine (options check,
 * buyers, main, conduct) and the view (the race panel, the interleaving picker, the db file's
 * versions): what a race measured, the `--schedule` grammar, and the db file `{"count": N}`
 * every buyer reads and writes.
 */

// ---- the facts --------------------------------------------------------------------------------

/** How the buyers go: all at once with no lock, one by one, or all at once behind a file lock. */
export type RaceMode = 'unsafe' | 'serial' | 'lock';

/** One buyer of the (last) round, as main heard it. Times: ms since the round started. */
export type BuyerFact = {
  name: string;
  pid: number | null;
  /** The count its search() read (`还剩N`), the count its get() read, and what it wrote (null: sold out). */
  searchRead: number | null;
  getRead: number | null;
  wrote: number | null;
  success: boolean;
  startMs: number | null;
  searchStartMs: number | null;
  searchReadMs: number | null;
  getStartMs: number | null;
  lockedMs: number | null;
  getReadMs: number | null;
  decidedMs: number | null;
  getEndMs: number | null;
  endMs: number | null;
  pyExitcode: number | null;
};

/** One round of a repeated race. */
export type RoundFact = {
  round: number;
  sold: number;
  remaining: number | null;
  oversold: number;
  wallMs: number;
  searchOverlapMs: number;
};

/** One step of a forced interleaving as the lab took it (times: ms since its round started). */
export type ScheduleLogEntry = {
  round: number;
  step: string;
  name: string;
  pid: number;
  arrivedMs: number | null;
  resumedMs: number | null;
};

export interface TicketRaceFacts {
  /** Written by main. */
  mode: RaceMode;
  tickets: number;
  buyers: number;
  latencyMs: number;
  schedule: string | null;
  sold: number;
  remaining: number | null;
  oversold: number;
  /** Each sale writes once; a write based on a stale read overwrites another sale. */
  lostUpdates: number | null;
  wallMs: number;
  searchOverlapMs: number;
  maxSearchingAtOnce: number;
  maxGetsAtOnce: number;
  /** Buyers that ended in an error without an answer (their lock wait ran out), all rounds; in serial and lock mode a failure of the lab (safety.ts). */
  gaveUp: number;
  timesAre: string;
  perBuyer: BuyerFact[];
  /** With repeat > 1: the number of rounds, the sold count → rounds, and each round. */
  perBuyerRound: number;
  histogram: Record<string, number>;
  rounds: RoundFact[];
  /** Written by the conduct of a forced interleaving. */
  resumedBy: string;
  scheduleLog: ScheduleLogEntry[];
}

// ---- the schedule: a forced interleaving ----------------------------------------------------

/** One step of a forced interleaving: buyer `buyer` (from 1) does its read (`r`) or its write (`w`). */
export interface ScheduleStep {
  at: 'r' | 'w';
  buyer: number;
}

const STEP = '[rw][1-9][0-9]?';

/** `r1,r2,w1,w2`: steps separated by commas (spaces allowed around them); empty = no schedule. */
export const SCHEDULE_PATTERN = new RegExp(`^\\s*(?:${STEP}(?:\\s*,\\s*${STEP})*)?\\s*$`);

/** Splits a schedule that matches {@link SCHEDULE_PATTERN} into its steps. */
export function parseSchedule(schedule: string): ScheduleStep[] {
  const steps: ScheduleStep[] = [];
  for (const token of schedule.split(',')) {
    const t = token.trim();
    if (t === '') continue;
    steps.push({ at: t[0] === 'r' ? 'r' : 'w', buyer: Number(t.slice(1)) });
  }
  return steps;
}

/** `[{r,1},{r,2}]` → `r1,r2`. */
export function scheduleString(steps: readonly ScheduleStep[]): string {
  return steps.map((s) => `${s.at}${s.buyer}`).join(',');
}

/**
 * What the pattern cannot check: every buyer named takes both steps, once each, read before
 * write, and exists (at most `buyers`). The first problem, in words; null when there is none.
 */
export function scheduleProblem(steps: readonly ScheduleStep[], buyers: number): string | null {
  const seen = new Map<number, string>();
  for (const s of steps) {
    const tag = `${s.at}${s.buyer}`;
    if (s.buyer > buyers) return `"${tag}" names buyer ${s.buyer}, but there are only ${buyers} buyers (--buyers)`;
    const before = seen.get(s.buyer) ?? '';
    if (before.includes(s.at)) return `"${tag}" appears twice: each buyer reads once and writes once`;
    if (s.at === 'w' && !before.includes('r'))
      return `"${tag}" comes before "r${s.buyer}": a buyer reads the count before it writes`;
    seen.set(s.buyer, before + s.at);
  }
  for (const [buyer, done] of seen)
    if (done !== 'rw') return `buyer ${buyer} has "r${buyer}" but no "w${buyer}": name both steps of every buyer`;
  return null;
}

/** Whether the experiment will accept it: not empty, every buyer named reads once, then writes once. */
export function isComplete(steps: readonly ScheduleStep[]): boolean {
  return steps.length > 0 && scheduleProblem(steps, Number.MAX_SAFE_INTEGER) === null;
}

/** The steps that may come next: a read for a buyer not named yet, a write for one that has read. */
export function nextSteps(steps: readonly ScheduleStep[], buyers: number): ScheduleStep[] {
  const out: ScheduleStep[] = [];
  for (let b = 1; b <= buyers; b++) {
    const mine = steps.filter((s) => s.buyer === b).map((s) => s.at);
    if (mine.length === 0) out.push({ at: 'r', buyer: b });
    else if (mine.length === 1) out.push({ at: 'w', buyer: b });
  }
  return out;
}

// ---- the db file ------------------------------------------------------------------------------

/** The file's content as the buyers read and write it. */
export function formatDb(count: number): string {
  return JSON.stringify({ count });
}

/** The count in a db file's content, or null if it is not the JSON the buyers write. */
export function parseDb(content: string): number | null {
  try {
    const v = (JSON.parse(content) as { count?: unknown } | null)?.count;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}
