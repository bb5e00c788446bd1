/** The zombie experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { readFileSync } from 'node:fs';
import type { ProcRecord } from '../../../../contract/process';
import { factWriter, type ZombieEnd, type ZombieFacts, type ZombieReaper } from '../../../../contract/experiments';
import type { RunHandle } from '../../host/run/run';
import { firstEvent, markMs, ms } from '../../host/conduct-helpers';
import type { ExperimentOptions } from '../types';

/** The pid limit the kernel enforces, and the cgroup's if tighter. */
function pidLimits(): { pidMax: number | null; cgroupPidsMax: number | null } {
  const read = (f: string): number | null => {
    try {
      const n = Number(readFileSync(f, 'utf8').trim());
      return Number.isFinite(n) ? n : null;
    } catch {
      return null;
    }
  };
  return { pidMax: read('/proc/sys/kernel/pid_max'), cgroupPidsMax: read('/sys/fs/cgroup/pids.max') };
}

/** Main's children that are meant to become zombies (all but the witness). */
function zombieKids(run: RunHandle): ProcRecord[] {
  return run.records().filter((r) => r.role !== 'main' && r.name !== 'witness');
}

async function conductZombie(run: RunHandle, opts: ExperimentOptions): Promise<void> {
  const n = opts.children as number;
  const fact = factWriter<ZombieFacts>(run);
  let max = 0;
  const seen = new Set<number>();
  const count = (): number => {
    const z = zombieKids(run).filter((r) => r.state === 'Z');
    for (const r of z) seen.add(r.pid);
    max = Math.max(max, z.length);
    // Kept current, so a run stopped half-way still reports the zombies it showed (none seen:
    // no fact, so the view gives no answer rather than "there were none").
    if (seen.size > 0) {
      fact('zombiesSeen', seen.size);
      fact('maxZombiesAtOnce', max);
    }
    return z.length;
  };
  const limits = pidLimits();
  fact('pidMax', limits.pidMax);
  fact('cgroupPidsMax', limits.cgroupPidsMax);
  await run.waitUntil(() => count() >= n, 10_000 + n * 20, `${n} zombies`);
  const hold = (opts.holdMs as number) * opts.timeScale;
  const holdUntil = Date.now() + hold;
  await run.waitUntil(() => (count(), Date.now() >= holdUntil), hold + 5000, 'the hold time');
  if (limits.pidMax) fact('pidsHeldPercentOfPidMax', Math.round((max / limits.pidMax) * 10_000) / 100);

  const zombies = (): ProcRecord[] => zombieKids(run).filter((r) => seen.has(r.pid));
  const allGone = (): boolean => zombies().every((r) => r.state === 'exited');
  let reapedBy: ZombieReaper = null;
  if (opts.end === 'reap') {
    run.command('reap');
    await run.waitUntil(allGone, 10_000, 'the parent to reap');
    const byParent = zombies().every((r) => firstEvent(run, r.pid, 'reaped')?.by === run.mainPid);
    reapedBy = byParent ? 'parent' : null;
  } else if (opts.end === 'kill-parent') {
    // SIGKILL: the lecture's fix, "kill the parent". It cannot be caught, so the parent cannot
    // reap on its way out: the zombies really are handed to an adopter.
    run.signal(run.mainPid, 'SIGKILL', 'lab');
    await run.waitUntil(allGone, 10_000, 'the adopter to reap');
    const moved = zombies()
      .map((r) => firstEvent(run, r.pid, 'reparented'))
      .find((e) => e !== undefined);
    const witness = run.records().find((r) => r.name === 'witness');
    if (!moved && witness) await run.waitUntil(() => witness.ppids.length > 1, 5000, 'the witness to be adopted');
    const adopted = moved ?? firstEvent(run, witness?.pid, 'reparented');
    reapedBy = adopted ? { pid: adopted.to, name: adopted.toName, seenOn: moved ? 'zombie' : 'witness' } : null;
    if (witness && witness.state !== 'exited') run.signal(witness.pid, 'SIGTERM', 'lab');
  }
  // With end=none main is still parked: the lesson is over, so the run ends its group now (the
  // adopter reaps the zombies after that).
  if (opts.end !== 'reap') run.endNow();
  fact('end', opts.end as ZombieEnd);
  fact('reapedBy', reapedBy);
  fact('parentStopsWaitingMs', markMs(run, 'parent-stops-waiting'));
  fact(
    'zombiesGoneMs',
    opts.end === 'none'
      ? null
      : ms(
          Math.max(
            ...zombies().map((r) => firstEvent(run, r.pid, 'vanished')?.t ?? firstEvent(run, r.pid, 'reaped')?.t ?? 0),
          ),
        ),
  );
}

export const conduct: Conduct = async (run, opts) => {
  return conductZombie(run, opts);
};
