import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FactValue, RunReport } from '../../../../../contract/report';
import { LabError } from '../../../../../main/lab/common/errors';
import { checkSchedule, parseSchedule, SCHEDULE_PATTERN } from '../../../../../main/lab/experiments/ticket-race/info';
import { overlap } from '../../../../../main/lab/experiments/ticket-race/main';
import { labSupervisor, lastGone } from '../../../../helpers/lab';

interface Buyer {
  name: string;
  pid: number;
  searchRead: number;
  getRead: number;
  wrote: number | null;
  success: boolean;
  searchStartMs: number;
  searchReadMs: number;
  getReadMs: number;
  decidedMs: number;
  lockedMs: number | null;
  getEndMs: number;
}

const sup = labSupervisor();
// Small enough to keep the file fast (latency 1000 ms × 0.2 = 200 ms real).
const FAST = { timeScale: 0.2, hz: 5 };
const SIZE = { buyers: 8, latencyMs: 1000 };

async function race(opts: Record<string, unknown>): Promise<RunReport> {
  const report = await sup.start('ticket-race', { ...FAST, ...opts }).done;
  expect(report.error).toBeNull();
  expect(report.leaked).toEqual([]);
  const db = report.events.find((e) => e.type === 'mark' && e.label === 'db-file');
  // The run's own temp folder is gone with the run.
  expect(db && 'detail' in db && typeof db.detail === 'string' && !existsSync(dirname(db.detail))).toBe(true);
  return report;
}

function buyers(facts: Record<string, FactValue>): Buyer[] {
  return facts.perBuyer as unknown as Buyer[];
}

/** What holds in every mode: each buyer's story adds up, and the file agrees with the writes. */
function invariants(r: RunReport): void {
  const f = r.facts;
  const bs = buyers(f);
  const tickets = f.tickets as number;
  const sold = f.sold as number;
  expect(bs).toHaveLength(f.buyers as number);
  expect(sold).toBe(bs.filter((b) => b.success).length);
  expect(f.oversold).toBe(Math.max(0, sold - tickets));
  for (const b of bs) {
    expect(b.pid).toBeGreaterThan(0);
    // A buyer succeeds exactly when the count it read in get() was > 0, and writes one less.
    expect(b.success).toBe(b.getRead > 0);
    expect(b.wrote).toBe(b.success ? b.getRead - 1 : null);
    expect(b.searchStartMs).toBeLessThanOrEqual(b.searchReadMs);
    expect(b.searchReadMs).toBeLessThanOrEqual(b.getReadMs);
    expect(b.getReadMs).toBeLessThanOrEqual(b.decidedMs);
  }
  // The file holds what the last writer wrote (or the stock, if nobody wrote).
  const writers = bs.filter((b) => b.success).sort((a, b) => a.decidedMs - b.decidedMs);
  expect(f.remaining).toBe(writers.length > 0 ? writers[writers.length - 1]!.wrote : tickets);
  // A lost update can only hide a sale, never invent one: sold + remaining ≥ stock.
  expect(sold + (f.remaining as number)).toBeGreaterThanOrEqual(tickets);
  expect(f.lostUpdates).toBe(sold + (f.remaining as number) - tickets);
  // Nobody is turned away while tickets are left: a buyer fails only after the file said 0.
  expect(sold).toBeGreaterThanOrEqual(Math.min(bs.length, tickets));
  // Every buyer is a real child of main that ran to its end.
  const main = r.processes.find((p) => p.role === 'main');
  for (const b of bs) {
    const p = r.processes.find((q) => q.pid === b.pid);
    expect(p?.ppid).toBe(main?.pid);
    expect(p?.pyExitcode).toBe(0);
  }
  liveStory(r);
}

/**
 * The live stream tells the same story as the facts: each buyer's steps as it took them, and
 * the db file as the lab itself read it, one version per write (same content written again
 * included: that is a lost update).
 */
function liveStory(r: RunReport): void {
  const f = r.facts;
  const lock = f.mode === 'lock';
  for (const b of buyers(f)) {
    const steps = r.events.flatMap((e) => (e.type === 'step' && e.pid === b.pid ? [[e.label, e.value]] : []));
    expect(steps).toEqual([
      ['search', b.searchRead],
      ...(lock ? [['locked', null]] : []),
      ['read', b.getRead],
      b.success ? ['wrote', b.wrote] : ['sold-out', null],
    ]);
  }
  const versions = r.events.flatMap((e) => (e.type === 'file' ? [JSON.parse(e.content) as { count: number }] : []));
  const writes = r.events.flatMap((e) => (e.type === 'step' && e.label === 'wrote' ? [e.value] : []));
  const rounds = (f.perBuyerRound as number | undefined) ?? 1;
  // First the stock main wrote, last what the file holds at the end.
  expect(versions[0]?.count).toBe(f.tickets);
  expect(versions.at(-1)?.count).toBe(f.remaining);
  // Nothing but what main or a buyer wrote; at most one version per write (two writes within
  // one moment may be read once).
  for (const v of versions) expect([f.tickets, ...writes]).toContain(v.count);
  expect(versions.length).toBeLessThanOrEqual(rounds + writes.length);
  expect(versions.length).toBeGreaterThanOrEqual(writes.length > 0 ? 2 : 1);
}

describe('ticket-race (real processes on a real file)', () => {
  const wall: Record<string, number> = {};

  it('unsafe: buyers started together sell the last ticket several times', async () => {
    // A 1 s window (5000 ms × 0.2): far wider than the gap between the first two Node children
    // starting, even on a loaded 2-core machine (measured up to ~0.5 s), so they meet in get().
    const r = await race({ buyers: 10, tickets: 1, latencyMs: 5000, mode: 'unsafe' });
    invariants(r);
    const f = r.facts;
    const bs = buyers(f);
    // Every buyer that read in get() before the first write saw the stock of 1 and "bought" it.
    const firstWrite = Math.min(...bs.filter((b) => b.success).map((b) => b.decidedMs));
    const early = bs.filter((b) => b.getReadMs < firstWrite);
    expect(early.every((b) => b.getRead === 1 && b.success)).toBe(true);
    expect(f.oversold as number).toBeGreaterThanOrEqual(early.length - 1);
    // The race really happened: several buyers inside get() at once, tickets oversold.
    expect(early.length).toBeGreaterThan(1);
    expect(f.maxGetsAtOnce as number).toBeGreaterThan(1);
    expect(f.oversold as number).toBeGreaterThan(0);
    expect(f.remaining).toBe(0);
  });

  it('serial: start+join one by one sells exactly the stock, slower than unsafe of the same size', async () => {
    const u = await race({ ...SIZE, tickets: 1, mode: 'unsafe' });
    invariants(u);
    const r = await race({ ...SIZE, tickets: 1, mode: 'serial' });
    invariants(r);
    const f = r.facts;
    expect(f.sold).toBe(1);
    expect(f.remaining).toBe(0);
    expect(f.oversold).toBe(0);
    expect(f.maxGetsAtOnce).toBe(1);
    expect(f.maxSearchingAtOnce).toBe(1);
    // Only the first buyer saw a ticket; each later one read the count the previous one wrote.
    expect(buyers(f).map((b) => b.getRead)).toEqual([1, ...Array<number>(SIZE.buyers - 1).fill(0)]);
    wall.serial = f.wallMs as number;
    expect(wall.serial).toBeGreaterThan(u.facts.wallMs as number);
  });

  it('lock: a real file lock sells exactly the stock, searches still overlap, faster than serial', async () => {
    const r = await race({ ...SIZE, tickets: 3, mode: 'lock' });
    invariants(r);
    const f = r.facts;
    expect(f.sold).toBe(3);
    expect(f.remaining).toBe(0);
    expect(f.oversold).toBe(0);
    expect(f.lostUpdates).toBe(0);
    // Inside the lock, one buyer at a time…
    expect(f.maxGetsAtOnce).toBe(1);
    const held = buyers(f)
      .map((b) => [b.lockedMs!, b.decidedMs] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < held.length; i++) expect(held[i]![0]).toBeGreaterThanOrEqual(held[i - 1]![1]);
    // …while the searches, outside it, ran side by side.
    expect(f.maxSearchingAtOnce as number).toBeGreaterThan(1);
    expect(f.searchOverlapMs as number).toBeGreaterThan(0);
    expect(wall.serial, 'the serial run of the test above').toBeDefined();
    expect(f.wallMs as number).toBeLessThan(wall.serial!);
  });

  it('schedule: r1,r2,r3,w1,w2,w3 oversells exactly 2, resumed by SIGCONT after a real T', async () => {
    const r = await race({ buyers: 4, tickets: 1, latencyMs: 500, schedule: 'r1,r2,r3,w1,w2,w3' });
    invariants(r);
    const f = r.facts;
    const bs = buyers(f);
    expect(f.schedule).toBe('r1,r2,r3,w1,w2,w3');
    expect(f.sold).toBe(3);
    expect(f.oversold).toBe(2);
    expect(f.remaining).toBe(0);
    expect(bs.map((b) => [b.getRead, b.wrote])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, null], // buyer 4, not scheduled, came after
    ]);
    // Three writes, each a step apart: the lab read three versions of the file after the
    // stock, every one of them {"count":0}: two sales lost.
    expect(r.events.flatMap((e) => (e.type === 'file' ? [e.content] : []))).toEqual([
      '{"count":1}',
      '{"count":0}',
      '{"count":0}',
      '{"count":0}',
    ]);
    const log = f.scheduleLog as Array<{ step: string; pid: number; resumedMs: number }>;
    expect(log.map((s) => s.step)).toEqual(['r1', 'r2', 'r3', 'w1', 'w2', 'w3']);
    for (let i = 1; i < log.length; i++) expect(log[i]!.resumedMs).toBeGreaterThanOrEqual(log[i - 1]!.resumedMs);
    for (const b of bs.slice(0, 3)) {
      const p = r.processes.find((q) => q.pid === b.pid);
      // Frozen for real: the sampler saw state T, and the lab sent two SIGCONTs.
      expect(p?.states).toContain('T');
      const conts = r.events.filter((e) => e.type === 'signalled' && e.pid === b.pid && e.signal === 'SIGCONT');
      expect(conts).toHaveLength(2);
    }
  });

  it('schedule: r1,w1,r2,w2 is the safe order: one sale', async () => {
    const r = await race({ buyers: 2, tickets: 1, latencyMs: 200, schedule: 'r1, w1, r2, w2' });
    invariants(r);
    expect([r.facts.sold, r.facts.oversold, r.facts.remaining]).toEqual([1, 0, 0]);
  });

  it('repeat: a histogram of tickets sold whose counts add up to the rounds', async () => {
    const r = await race({ buyers: 4, tickets: 2, latencyMs: 1000, mode: 'unsafe', repeat: 3 });
    invariants(r);
    const f = r.facts;
    const hist = f.histogram as Record<string, number>;
    const rounds = f.rounds as Array<{
      round: number;
      sold: number;
      remaining: number;
      oversold: number;
      wallMs: number;
    }>;
    expect(rounds.map((x) => x.round)).toEqual([1, 2, 3]);
    expect(Object.values(hist).reduce((a, b) => a + b, 0)).toBe(3);
    for (const x of rounds) {
      expect(hist[String(x.sold)]).toBeGreaterThan(0);
      expect(x.sold).toBeGreaterThanOrEqual(2);
      expect(x.oversold).toBe(Math.max(0, x.sold - 2));
      expect(x.wallMs).toBeGreaterThan(0);
    }
    // Each round's buyers are their own processes: 3 × 4 children.
    expect(r.processes.filter((p) => p.role === 'child')).toHaveLength(12);
    expect(rounds.at(-1)!.sold).toBe(f.sold);
  });

  it('stopped mid-race: every buyer ended, the file as the lab read it, its folder removed, no error', async () => {
    const run = sup.start('ticket-race', { buyers: 4, latencyMs: 2000, hz: 10 });
    // Stopped once every buyer has searched and sits in get()'s sleep.
    const searched = (): number =>
      new Set(run.events().flatMap((e) => (e.type === 'step' && e.label === 'read' ? [e.pid] : []))).size;
    await run.waitUntil(() => searched() === 4, 20_000, 'every buyer to read in get()');
    run.stop();
    const r = await run.done;
    // The report follows the last process's end at once (the experiment's own last steps, the
    // file's folder removed, take no time to speak of).
    expect(r.wallMs - lastGone(r)).toBeLessThan(1000);
    expect(r.stopped).toBe(true);
    expect(r.error).toBeNull();
    expect(r.leaked).toEqual([]);
    // Nobody wrote: the one version is the stock.
    const files = r.events.flatMap((e) => (e.type === 'file' ? [e.content] : []));
    expect(files).toEqual(['{"count":1}']);
    const db = r.events.find((e) => e.type === 'mark' && e.label === 'db-file');
    expect(db && 'detail' in db && typeof db.detail === 'string' && !existsSync(dirname(db.detail))).toBe(true);
  });

  it('rejects bad options with a clear LabError and starts nothing', () => {
    const started: string[] = [];
    sup.on('run-started', (run) => started.push(run.runId));
    const bad = (opts: Record<string, unknown>, msg: RegExp): void => {
      let err: unknown;
      try {
        sup.start('ticket-race', opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).code).toMatch(/bad-options|unsupported-platform/);
      expect((err as Error).message).toMatch(msg);
    };
    bad({ schedule: 'r1;w1' }, /^schedule: expected steps like r1,r2,w1,w2/);
    bad({ schedule: 'x1' }, /^schedule: expected steps like/);
    bad({ schedule: 'r0,w0' }, /^schedule: expected steps like/);
    bad({ schedule: 'w1,r1' }, /"w1" comes before "r1"/);
    bad({ schedule: 'r1,r1,w1' }, /"r1" appears twice/);
    bad({ schedule: 'r1,r2,w1' }, /buyer 2 has "r2" but no "w2"/);
    bad({ buyers: 2, schedule: 'r1,r3,w1,w3' }, /"r3" names buyer 3, but there are only 2 buyers/);
    bad({ mode: 'lock', schedule: 'r1,w1' }, /only with mode unsafe/);
    bad({ buyers: 0 }, /^buyers:/);
    bad({ buyers: 2.5 }, /^buyers:/);
    bad({ mode: 'fast' }, /^mode:/);
    bad({ tickets: -1 }, /^tickets:/);
    bad({ repeat: 51 }, /^repeat:/);
    expect(started).toEqual([]);
  });

  it('parses schedules and measures overlaps', () => {
    expect(SCHEDULE_PATTERN.test('')).toBe(true);
    expect(SCHEDULE_PATTERN.test('r1,w1')).toBe(true);
    expect(SCHEDULE_PATTERN.test('r50 , w50')).toBe(true);
    expect(SCHEDULE_PATTERN.test('r1,,w1')).toBe(false);
    expect(parseSchedule(' r12, w12 ')).toEqual([
      { at: 'r', buyer: 12 },
      { at: 'w', buyer: 12 },
    ]);
    expect(() => checkSchedule(parseSchedule('r1,r2,w2,w1'), 2)).not.toThrow();
    expect(
      overlap([
        [0, 10],
        [5, 20],
        [30, 40],
      ]),
    ).toEqual({ ms: 5, max: 2 });
    expect(
      overlap([
        [0, 10],
        [10, 20],
      ]),
    ).toEqual({ ms: 0, max: 1 });
  });
});
