/**
 * The lock's promise under faults: in `--mode lock`, the buyer holding the lock is SIGKILLed
 * (a real SIGKILL from outside, mid-critical-section: it holds the lock and has not written).
 * Its lock folder stays behind; the next buyer must take it over within the bound: stale time
 * 2 s after the lock's mtime, which proper-lockfile sets up to 1 s ahead when it takes a lock
 * (its precision probe), + one retry ≤ 250 ms = 3.25 s at worst (asserted < 3.5 s), and the run must end with 0 oversold, 0 lost sales
 * where tickets were left, every other buyer answered, and the report's `error` saying only that
 * the killed buyer was killed from outside the lab (host/run/cut-short.ts): no buyer gave up, no
 * sale was lost.
 * `LOCK_KILL_RUNS=N` sets the loop (default 4); the table is printed for the README.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../contract/events';
import { labSupervisor } from '../../../helpers/lab';

const RUNS = Number(process.env.LOCK_KILL_RUNS ?? 4);
const BOUND_MS = 3500;
const BUYERS = 6;
const TICKETS = 4;

interface Row {
  run: number;
  kills: number;
  oversold: number;
  lost: number;
  recoveryMs: number;
  error: string | null;
  /** The error the run must report: the outside kill, and nothing else. */
  expectedError: string | null;
}

describe('ticket-race lock mode under SIGKILL of the lock holder', () => {
  it(`${RUNS} runs: 0 oversold, 0 lost sales, lock recovered in < ${BOUND_MS} ms`, async () => {
    const sup = labSupervisor();
    const rows: Row[] = [];
    for (let k = 1; k <= RUNS; k++) {
      const run = sup.start('ticket-race', {
        mode: 'lock',
        buyers: BUYERS,
        tickets: TICKETS,
        latencyMs: 1000,
        timeScale: 0.3,
        hz: 20,
      });
      let killedPid: number | null = null;
      let killedAt = 0;
      let recoveredAt = 0;
      // The takeover as the file system shows it: the dead holder's lock folder replaced by a
      // new one (another inode, or gone and back). The 'locked' step reaching us (IPC, then a
      // sampler tick) is the fallback and an upper bound.
      const lockDir = (): string | null => {
        const mark = run.events().find((e) => e.type === 'mark' && e.label === 'db-file');
        return mark && 'detail' in mark && typeof mark.detail === 'string' ? `${mark.detail}.lock` : null;
      };
      let poll: NodeJS.Timeout | undefined;
      const watchTakeover = (): void => {
        const dir = lockDir();
        if (!dir) return;
        let ino: number | null = null;
        let gone = false;
        try {
          ino = statSync(dir).ino;
        } catch {
          gone = true;
        }
        poll = setInterval(() => {
          try {
            const now = statSync(dir).ino;
            if ((gone || now !== ino) && recoveredAt === 0) recoveredAt = Date.now();
          } catch {
            gone = true; // Between the stale folder's removal and the new one.
          }
          if (recoveredAt !== 0) clearInterval(poll);
        }, 5);
      };
      const onEvents = (events: LabEvent[]): void => {
        for (const e of events) {
          if (e.runId !== run.runId || e.type !== 'step' || e.label !== 'locked') continue;
          if (killedPid === null) {
            // SIGKILL: cannot be caught, so the holder cannot release; its lock folder stays.
            process.kill(e.pid, 'SIGKILL');
            killedPid = e.pid;
            killedAt = Date.now();
            watchTakeover();
          } else if (recoveredAt === 0 && e.pid !== killedPid) recoveredAt = Date.now();
        }
      };
      sup.on('events', onEvents);
      const report = await run.done;
      sup.off('events', onEvents);
      clearInterval(poll);
      const f = report.facts;
      const sold = f.sold as number;
      const remaining = f.remaining as number;
      // Tickets the survivors could have bought: what the file held for them (the killed
      // buyer had not written), one each for the BUYERS - 1 survivors.
      const lost = Math.min(BUYERS - 1, sold + remaining) - sold;
      rows.push({
        run: k,
        kills: killedPid === null ? 0 : 1,
        oversold: f.oversold as number,
        lost,
        recoveryMs: recoveredAt === 0 ? Number.POSITIVE_INFINITY : recoveredAt - killedAt,
        error: report.error,
        expectedError:
          killedPid === null
            ? null
            : `${report.processes.find((p) => p.pid === killedPid)?.name} (pid ${killedPid}) was killed by SIGKILL from outside the lab`,
      });
      expect(report.leaked).toEqual([]);
    }
    console.log(
      [
        'run | kills | oversold | lost | recovery ms',
        ...rows.map((r) => `${r.run} | ${r.kills} | ${r.oversold} | ${r.lost} | ${r.recoveryMs}`),
        `max recovery ${Math.max(...rows.map((r) => r.recoveryMs))} ms over ${rows.length} runs`,
      ].join('\n'),
    );
    for (const r of rows) {
      expect(r.kills).toBe(1);
      expect(r).toMatchObject({ oversold: 0, lost: 0, error: r.expectedError });
      expect(r.recoveryMs).toBeGreaterThan(0);
      expect(r.recoveryMs).toBeLessThan(BOUND_MS);
    }
  }, 120_000);
});
