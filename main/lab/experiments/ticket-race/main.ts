/** The ticket-race experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import type { MainScript } from '../../run-main/main-context';
import { join } from 'node:path';
import type { MainContext } from '../../run-main/main-context';
import { makeRunTemp } from '../../common/run-temp-name';
import type { ExperimentOptions } from '../types';
import { ticketOptions, type TicketOptions, buyerName } from './info';
import type { FactValue } from '../../../../contract/report';
import type { PyProcess } from '../../run-main/py-process';
import type { BuyerArgs } from './task';
import { readCount, writeCount } from './db';
import { factWriter, type BuyerFact, type TicketRaceFacts } from '../../../../contract/experiments';
import { scheduleString } from '../../../../contract/experiments/ticket-race';

/** Total ms during which at least `k` of the intervals were open, and the most open at once. */
export function overlap(intervals: ReadonlyArray<readonly [number, number]>, k = 2): { ms: number; max: number } {
  const edges = intervals.flatMap(([a, b]) => [
    { t: a, d: 1 },
    { t: b, d: -1 },
  ]);
  // At equal times an end comes before a start: touching intervals do not overlap.
  edges.sort((x, y) => x.t - y.t || x.d - y.d);
  let open = 0;
  let max = 0;
  let ms = 0;
  let since = 0;
  for (const e of edges) {
    if (open >= k) ms += e.t - since;
    open += e.d;
    since = e.t;
    max = Math.max(max, open);
  }
  return { ms: Math.round(ms), max };
}

function num(v: FactValue | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

interface RoundResult {
  sold: number;
  remaining: number | null;
  wallMs: number;
  perBuyer: BuyerFact[];
  searchOverlapMs: number;
  maxSearchingAtOnce: number;
  maxGetsAtOnce: number;
  /** Buyers that ended in an error without an answer (e.g. their lock wait ran out). */
  gaveUp: number;
}

/** Runs one round of the race in main; every time in the result is ms since `start`. */
async function round(ctx: MainContext, o: TicketOptions, db: string, k: number): Promise<RoundResult> {
  // Whole, like the buyers' writes: the lab's file watch never reads a half-written file.
  writeCount(db, o.tickets);
  const scheduled = new Set(o.steps.map((s) => s.buyer));
  const buyers = Array.from({ length: o.buyers }, (_, i) => {
    const args: BuyerArgs = {
      db,
      latencyMs: o.latencyMs,
      lock: o.mode === 'lock',
      pause: scheduled.has(i + 1),
      buyers: o.buyers,
    };
    return ctx.Process({ target: 'ticket-buyer', args: [{ ...args }], name: buyerName(i + 1, k, o.repeat) });
  });
  const start = ctx.now();
  ctx.mark('round-start', k);
  if (o.mode === 'serial') {
    // The lecture's fix: the next buyer starts only once the previous one has ended.
    for (const p of buyers) {
      p.start();
      await p.join();
    }
  } else if (scheduled.size > 0) {
    // The scheduled buyers race, frozen at each checkpoint until the lab (conduct) resumes
    // them in the schedule's order. Main passes each "I am at my checkpoint" on as a mark,
    // since only main hears its children.
    const racing = buyers.filter((_, i) => scheduled.has(i + 1));
    for (const p of racing) p.start();
    await Promise.all(
      racing.map(async (p) => {
        for (const at of ['r', 'w'] as const) {
          if ((await p.waitReport(`at-${at}`)) === undefined) return;
          ctx.mark('checkpoint', `${p.name}:${at}`);
        }
      }),
    );
    for (const p of racing) await p.join();
    // Buyers the schedule does not name come after, one by one: they add no race of their own,
    // so the oversell is exactly the scheduled one.
    for (const p of buyers.filter((_, i) => !scheduled.has(i + 1))) {
      p.start();
      await p.join();
    }
  } else {
    // unsafe and lock: start all, then join all.
    for (const p of buyers) p.start();
    for (const p of buyers) await p.join();
  }
  const wallMs = Math.round(ctx.now() - start);
  return summarize(buyers, start, wallMs, readCount(db));
}

function summarize(buyers: PyProcess[], start: number, wallMs: number, remaining: number | null): RoundResult {
  const rel = (v: FactValue | undefined): number | null => {
    const n = num(v);
    return n === null ? null : Math.round(n - start);
  };
  const searching: Array<[number, number]> = [];
  const inGet: Array<[number, number]> = [];
  let sold = 0;
  // No result and a failing exit code (not a signal): the buyer's own error, e.g. the lock.
  const gaveUp = buyers.filter((p) => !p.reports.has('result') && (p.exitcode ?? 0) > 0).length;
  const perBuyer = buyers.map((p): BuyerFact => {
    const r = p.reports.get('result');
    const res = r && typeof r === 'object' && !Array.isArray(r) ? r : {};
    const success = res.success === true;
    if (success) sold += 1;
    const [s0, s1, g0, g1] = [num(res.searchStartAt), num(res.searchReadAt), num(res.getReadAt), num(res.decidedAt)];
    if (s0 !== null && s1 !== null) searching.push([s0, s1]);
    if (g0 !== null && g1 !== null) inGet.push([g0, g1]);
    return {
      name: p.name,
      pid: p.pid,
      searchRead: num(res.searchRead),
      getRead: num(res.getRead),
      wrote: num(res.wrote),
      success,
      startMs: rel(p.startAt ?? undefined),
      searchStartMs: rel(res.searchStartAt),
      searchReadMs: rel(res.searchReadAt),
      getStartMs: rel(res.getStartAt),
      lockedMs: rel(res.lockedAt),
      getReadMs: rel(res.getReadAt),
      decidedMs: rel(res.decidedAt),
      getEndMs: rel(res.getEndAt),
      endMs: rel(p.exitAt ?? undefined),
      pyExitcode: p.exitcode,
    };
  });
  const search = overlap(searching);
  return {
    sold,
    remaining,
    wallMs,
    perBuyer,
    searchOverlapMs: search.ms,
    maxSearchingAtOnce: search.max,
    maxGetsAtOnce: overlap(inGet).max,
    gaveUp,
  };
}

async function ticketMain(ctx: MainContext, opts: ExperimentOptions): Promise<void> {
  const o = ticketOptions(opts);
  // Named by the run id, so a sweep can remove it if the host dies before it does (run-temp).
  const dir = makeRunTemp('ticket');
  const db = join(dir, 'db.json');
  // The lab learns the file from this mark: it watches the file, reads its last version once
  // main has ended, then removes the folder (main leaves it, so that last read never misses).
  ctx.mark('db-file', db);
  const t0 = ctx.now();
  const rounds: RoundResult[] = [];
  for (let k = 1; k <= o.repeat; k++) rounds.push(await round(ctx, o, db, k));
  const wallMs = Math.round(ctx.now() - t0);
  const last = rounds[rounds.length - 1]!;
  const oversold = (sold: number): number => Math.max(0, sold - o.tickets);
  const fact = factWriter<TicketRaceFacts>(ctx);
  fact('mode', o.mode);
  fact('tickets', o.tickets);
  fact('buyers', o.buyers);
  fact('latencyMs', Math.round(o.latencyMs));
  fact('schedule', o.steps.length > 0 ? scheduleString(o.steps) : null);
  fact('sold', last.sold);
  fact('remaining', last.remaining);
  fact('oversold', oversold(last.sold));
  // Each sale writes once; a write based on a stale read overwrites another sale.
  fact('lostUpdates', last.remaining === null ? null : last.sold + last.remaining - o.tickets);
  fact('wallMs', wallMs);
  fact('searchOverlapMs', last.searchOverlapMs);
  fact('maxSearchingAtOnce', last.maxSearchingAtOnce);
  fact('maxGetsAtOnce', last.maxGetsAtOnce);
  fact(
    'gaveUp',
    rounds.reduce((n, r) => n + r.gaveUp, 0),
  );
  fact('timesAre', 'ms since the round started (main, just before its first start())');
  fact('perBuyer', last.perBuyer);
  if (o.repeat > 1) {
    fact('perBuyerRound', o.repeat);
    const histogram: Record<string, number> = {};
    for (const r of rounds) histogram[String(r.sold)] = (histogram[String(r.sold)] ?? 0) + 1;
    fact('histogram', histogram);
    fact(
      'rounds',
      rounds.map((r, i) => ({
        round: i + 1,
        sold: r.sold,
        remaining: r.remaining,
        oversold: oversold(r.sold),
        wallMs: r.wallMs,
        searchOverlapMs: r.searchOverlapMs,
      })),
    );
  }
}

export const main: MainScript = ticketMain;
