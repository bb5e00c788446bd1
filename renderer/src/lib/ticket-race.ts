/**
 * The 抢票 view's reading of a ticket-race report (its typed facts, contract/experiments/ticket-race.ts:
 * `perBuyer`, `sold`, `remaining`, `oversold`, `histogram`, …) and the interleaving picker's
 * schedule, whose syntax and rules are the experiment's own (the same file).
 */
import type { FactValue, RunReport } from '../../../contract/report';
import { factsOf } from '../../../contract/experiments';
import type { FileVersion, ProcView } from './process-model.svelte';
import {
  SCHEDULE_PATTERN,
  formatDb,
  isComplete,
  nextSteps,
  parseDb,
  scheduleString,
  type ScheduleStep,
} from '../../../contract/experiments/ticket-race';

/** One buyer, as the report's `perBuyer` tells it (times: ms since the round started). */
export interface BuyerRow {
  name: string;
  pid: number | null;
  /** The count it saw in search() (`还剩N`). */
  searchRead: number | null;
  /** The count it read in get(), the one it decided on. */
  getRead: number | null;
  getReadMs: number | null;
  /** The count it wrote, or null when it wrote nothing (sold out). */
  wrote: number | null;
  /** When it decided (and wrote, if it did). */
  decidedMs: number | null;
  success: boolean;
  pyExitcode: number | null;
  /** Another buyer wrote the file between this one's read and its own write: it wrote from a stale count. */
  stale: boolean;
}

/** Buyers named `round-N/buyer-M` belong to round N; a single round has plain `buyer-M`. */
export function roundOf(name: string): number | null {
  const m = /^round-(\d+)\//.exec(name);
  return m ? Number(m[1]) : null;
}

/** One state of the db file: what it held from `atMs` on, and who wrote it. */
export interface DbWrite {
  atMs: number | null;
  count: number;
  by: string | null;
  pid: number | null;
  /** The file already held this count: this write erased another buyer's sale. */
  lostUpdate: boolean;
}

/** The summary of one race. */
export interface RaceSummary {
  mode: string;
  tickets: number;
  buyers: number;
  sold: number;
  remaining: number | null;
  oversold: number;
  lostUpdates: number | null;
  wallMs: number | null;
  repeat: number;
  /** With repeat: rounds that oversold, and the most oversold in one round. */
  roundsOversold: number;
  worstOversold: number;
  schedule: string | null;
  histogram: Array<{ sold: number; rounds: number }>;
}

const num = (v: FactValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: FactValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** The race's headline numbers, or null when `report` is not a ticket race. */
export function raceSummary(report: RunReport): RaceSummary | null {
  const f = factsOf(report, 'ticket-race');
  const tickets = num(f?.tickets);
  const sold = num(f?.sold);
  if (!f || tickets === null || sold === null) return null;
  const hist = f.histogram ?? {};
  const rounds = (f.rounds ?? []).map((r) => num(r.oversold) ?? 0);
  const oversold = num(f.oversold) ?? Math.max(0, sold - tickets);
  return {
    mode: str(f.mode) ?? String(report.options.mode ?? 'unsafe'),
    tickets,
    buyers: num(f.buyers) ?? 0,
    sold,
    remaining: num(f.remaining),
    oversold,
    lostUpdates: num(f.lostUpdates),
    wallMs: num(f.wallMs),
    repeat: num(f.perBuyerRound) ?? 1,
    roundsOversold: rounds.length > 0 ? rounds.filter((o) => o > 0).length : oversold > 0 ? 1 : 0,
    worstOversold: Math.max(oversold, ...rounds),
    schedule: str(f.schedule),
    histogram: Object.entries(hist)
      .map(([k, v]) => ({ sold: Number(k), rounds: num(v) ?? 0 }))
      .filter((b) => Number.isFinite(b.sold))
      .sort((a, b) => a.sold - b.sold),
  };
}

/** How long one round of a race took (its whole time over its rounds), ms. */
export function perRoundMs(s: Pick<RaceSummary, 'wallMs' | 'repeat'>): number {
  return (s.wallMs ?? 0) / Math.max(1, s.repeat);
}

/** The buyers of the (last) round, each with whether it wrote from a stale read. */
export function buyerRows(report: RunReport): BuyerRow[] {
  const raw = factsOf(report, 'ticket-race')?.perBuyer ?? [];
  const rows = raw.map((b): BuyerRow => ({
    name: str(b.name) ?? '?',
    pid: num(b.pid),
    searchRead: num(b.searchRead),
    getRead: num(b.getRead),
    getReadMs: num(b.getReadMs),
    wrote: num(b.wrote),
    decidedMs: num(b.decidedMs),
    success: b.success === true,
    pyExitcode: num(b.pyExitcode),
    stale: false,
  }));
  markStale(rows);
  return rows;
}

type Timed = Pick<BuyerRow, 'wrote' | 'getReadMs' | 'decidedMs' | 'stale'>;

/** Sets `stale` on each row that wrote after another buyer's write landed since its own read. */
function markStale(rows: Timed[]): void {
  for (const r of rows) {
    if (r.wrote === null || r.getReadMs === null || r.decidedMs === null) continue;
    r.stale = rows.some(
      (o) =>
        o !== r &&
        o.wrote !== null &&
        o.decidedMs !== null &&
        o.decidedMs > r.getReadMs! &&
        (o.decidedMs < r.decidedMs! || (o.decidedMs === r.decidedMs && rows.indexOf(o) < rows.indexOf(r))),
    );
  }
}

/** One buyer while the race runs, from the steps it announced (times: run-relative ms). */
export interface LiveBuyer extends Timed {
  p: ProcView;
  /** The count its search() read (`还剩N`). */
  searchRead: number | null;
  /** It holds (or held) the file lock (lock mode). */
  locked: boolean;
  getRead: number | null;
  /** Success, sold out, or not decided yet. */
  result: 'success' | 'sold-out' | null;
}

/** The buyers of the latest round among `procs` (the current run's children), as they go. */
export function liveBuyers(procs: readonly ProcView[]): LiveBuyer[] {
  const round = Math.max(0, ...procs.map((p) => roundOf(p.name) ?? 0));
  const rows = procs
    .filter((p) => (roundOf(p.name) ?? 0) === round)
    .map((p): LiveBuyer => {
      const step = (label: string) => p.steps.find((s) => s.label === label);
      const count = (label: string): number | null => {
        const v = step(label)?.value;
        return typeof v === 'number' ? v : null;
      };
      const wrote = step('wrote');
      const soldOut = step('sold-out');
      return {
        p,
        searchRead: count('search'),
        locked: step('locked') !== undefined,
        getRead: count('read'),
        getReadMs: step('read')?.t ?? null,
        wrote: count('wrote'),
        decidedMs: (wrote ?? soldOut)?.t ?? null,
        result: wrote ? 'success' : soldOut ? 'sold-out' : null,
        stale: false,
      };
    });
  markStale(rows);
  return rows;
}

/** One version of the db file as the lab read it while the race ran. */
export interface DbVersion {
  t: number;
  content: string;
  /** Its `count`, or null if it is not the JSON the buyers write. */
  count: number | null;
  /** The same count written again over itself: the write changed nothing a reader can see. */
  again: boolean;
}

/** The versions of run `runId`'s db file, oldest first. */
export function dbVersions(files: readonly FileVersion[], runId: string | null): DbVersion[] {
  const out: DbVersion[] = [];
  for (const f of files) {
    if (f.runId !== runId) continue;
    // Not the JSON the buyers write: shown as it is, with no count.
    const count = parseDb(f.content);
    const before = out.at(-1);
    out.push({ t: f.t, content: f.content, count, again: !!before && before.content === f.content });
  }
  return out;
}

/** The db file over the round: its first content, then every write in time order. */
export function dbHistory(report: RunReport): DbWrite[] {
  const s = raceSummary(report);
  if (!s) return [];
  const writes = buyerRows(report)
    .filter((r) => r.wrote !== null)
    .sort((a, b) => (a.decidedMs ?? 0) - (b.decidedMs ?? 0));
  const out: DbWrite[] = [{ atMs: 0, count: s.tickets, by: null, pid: null, lostUpdate: false }];
  for (const w of writes) {
    const before = out[out.length - 1]!.count;
    out.push({ atMs: w.decidedMs, count: w.wrote!, by: w.name, pid: w.pid, lostUpdate: w.wrote! >= before });
  }
  return out;
}

// ---- the interleaving picker and the db format: one definition, in the contract ---------------

export { SCHEDULE_PATTERN, formatDb as dbJson, isComplete, nextSteps, scheduleString };
/** One forced step: buyer `buyer` (from 1) does its read (`r`) or its write (`w`). */
export type Step = ScheduleStep;
