/**
 * The ticket race's buyer (lecture row 13, 抢票): the lecture's `task()` = `search()` then
 * `get()`, on a real JSON file `{"count": N}` shared by every buyer process. Runs inside a real
 * child forked by `PyProcess`; reports what it saw and did to main.
 */
import { delay, sharedNow } from '../../common/clock';
import type { FactValue } from '../../common/protocol';
import type { TaskContext, TaskDef } from '../../worker/task-def';
import { readCount, writeCount } from './db';

/** What main hands each buyer (one object argument). */
export interface BuyerArgs {
  /** Absolute path of the db file. */
  db: string;
  /** The lecture's `time.sleep` (simulated network I/O), already scaled, ms. */
  latencyMs: number;
  /** Take a real inter-process lock on the db file around `get()`. */
  lock: boolean;
  /** Stop at the read (`r`) and write (`w`) checkpoints until the lab resumes this buyer. */
  pause: boolean;
  /** How many buyers share the file: bounds how long this one may wait for the lock. */
  buyers: number;
}

/**
 * What a buyer reports under the key `result` when it is done. Every time is the shared clock
 * (`sharedNow()`, comparable across processes); main turns them into round-relative ms.
 */
export interface BuyerResult {
  pid: number;
  /** The count `search()` read. */
  searchRead: number;
  /** The count `get()` read (the one it decided on). */
  getRead: number;
  /** The count it wrote, or null when it saw the tickets were gone. */
  wrote: number | null;
  success: boolean;
  searchStartAt: number;
  searchReadAt: number;
  /** When `get()` began (in lock mode: when it asked for the lock). */
  getStartAt: number;
  /** When it held the lock (lock mode), else null. */
  lockedAt: number | null;
  getReadAt: number;
  /** When it wrote, or decided "sold out". */
  decidedAt: number;
  /** When `get()` ended (in lock mode: after the lock was released). */
  getEndAt: number;
}

/**
 * A lock untouched this long is a dead holder's: proper-lockfile's floor (2 s). Recovery after a
 * holder is SIGKILLed therefore takes at most this plus one retry ({@link LOCK_RETRY_MAX_MS}).
 */
export const LOCK_STALE_MS = 2000;
/** The holder's heartbeat (the lock's mtime), proper-lockfile's floor: half the stale time. */
export const LOCK_UPDATE_MS = 1000;
/** The longest pause between two tries of a waiting buyer. */
export const LOCK_RETRY_MAX_MS = 250;

function readCountOrThrow(db: string): number {
  const count = readCount(db);
  if (count === null) throw new Error(`${db}: no numeric "count"`);
  return count;
}

/**
 * A checkpoint of a forced interleaving (`--schedule`): tell main we are here, then freeze.
 * The report is handed to the OS before we stop, so main can pass it on while we are frozen.
 * SIGSTOP cannot be caught or ignored: the kernel stops every thread of this process at once
 * (state T), and only the lab's SIGCONT lets the next line run. The lab resumes us only after
 * the sampler has seen the T, so that SIGCONT can never arrive before the stop and be lost.
 */
async function checkpoint(ctx: TaskContext, at: 'r' | 'w'): Promise<void> {
  await ctx.report(`at-${at}`, sharedNow());
  process.kill(process.pid, 'SIGSTOP');
}

function buyerArgs(v: FactValue | undefined): BuyerArgs {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('ticket-buyer: expected one object argument');
  const { db, latencyMs, lock, pause, buyers } = v;
  if (typeof db !== 'string' || typeof latencyMs !== 'number' || typeof buyers !== 'number')
    throw new Error('ticket-buyer: db, latencyMs and buyers are required');
  return { db, latencyMs, lock: lock === true, pause: pause === true, buyers };
}

/** Task definitions for the ticket race, merged into `TASKS`. */
export const TICKET_TASKS: Record<string, TaskDef> = {
  /** The lecture's `task()`: `search()` then `get()`. */
  'ticket-buyer': {
    async run(ctx, [raw]) {
      const a = buyerArgs(raw);
      // proper-lockfile (and graceful-fs under it) is loaded only by a buyer that locks, and
      // only once its task has begun: every other worker starts without it. Started now, it
      // is loaded during search()'s sleep, so the lock is not taken any later than before.
      const lockfile = a.lock ? import('proper-lockfile').then((m) => m.default) : null;

      // search(): time.sleep (network I/O), then read and show the count.
      const searchStartAt = sharedNow();
      await delay(a.latencyMs);
      const searchRead = readCountOrThrow(a.db);
      const searchReadAt = sharedNow();
      ctx.print(`还剩${searchRead}`);
      await ctx.report('search', { count: searchRead, at: searchReadAt });
      // Each step also goes to the lab as it happens, for the live view; `result` (below)
      // stays the full record main sums up.
      await ctx.step('search', searchRead);

      // get(): read, time.sleep, decrement if > 0, write.
      const getStartAt = sharedNow();
      let release: (() => Promise<void>) | null = null;
      let lockedAt: number | null = null;
      if (lockfile) {
        // proper-lockfile makes `<db>.lock` with mkdir, which the kernel does atomically: exactly
        // one process succeeds, the others retry with a short back-off. The holder refreshes the
        // lock's mtime every LOCK_UPDATE_MS, so a lock untouched for LOCK_STALE_MS belongs to a
        // holder that died (kill -9 leaves the folder behind) and is taken over. Retries outlive
        // that (stale time plus every other buyer's turn), and are bounded, so a broken run ends
        // with an error instead of hanging.
        const maxTimeout = Math.min(LOCK_RETRY_MAX_MS, Math.max(5, a.latencyMs / 2));
        const worstWaitMs = a.buyers * (a.latencyMs + 200) * 2 + 2000 + 2 * LOCK_STALE_MS;
        const { lock } = await lockfile;
        release = await lock(a.db, {
          stale: LOCK_STALE_MS,
          update: LOCK_UPDATE_MS,
          retries: {
            retries: Math.ceil(worstWaitMs / maxTimeout),
            factor: 1.3,
            minTimeout: 2,
            maxTimeout,
            randomize: true,
          },
          realpath: false,
        });
        lockedAt = sharedNow();
        await ctx.step('locked', null);
      }
      if (a.pause) await checkpoint(ctx, 'r');
      const getRead = readCountOrThrow(a.db);
      const getReadAt = sharedNow();
      await ctx.step('read', getRead);
      await delay(a.latencyMs);
      if (a.pause) await checkpoint(ctx, 'w');
      let wrote: number | null = null;
      if (getRead > 0) {
        wrote = getRead - 1;
        writeCount(a.db, wrote);
      }
      const decidedAt = sharedNow();
      await ctx.step(wrote !== null ? 'wrote' : 'sold-out', wrote);
      if (release) await release();
      const getEndAt = sharedNow();
      ctx.print(wrote !== null ? `进程${process.pid} 抢票成功` : '票已经售空啦!!');

      const result: BuyerResult = {
        pid: process.pid,
        searchRead,
        getRead,
        wrote,
        success: wrote !== null,
        searchStartAt,
        searchReadAt,
        getStartAt,
        lockedAt,
        getReadAt,
        decidedAt,
        getEndAt,
      };
      await ctx.report('result', { ...result });
    },
  },
};
