/**
 * The zombie experiment's facts (written by its conduct, from what the sampler saw). Times are
 * ms since the run started; null where the run ended before it could be measured.
 */

/** How the run ends the zombies: the parent reaps, the parent is killed, or neither. */
export type ZombieEnd = 'reap' | 'kill-parent' | 'none';

/** Who reaped the zombies: their parent, an adopter (seen re-parenting a zombie or the witness), or nobody. */
export type ZombieReaper = 'parent' | { pid: number; name: string; seenOn: 'zombie' | 'witness' } | null;

export interface ZombieFacts {
  /** Only once a zombie was seen: a run stopped before that has no answer. */
  zombiesSeen: number;
  maxZombiesAtOnce: number;
  pidMax: number | null;
  cgroupPidsMax: number | null;
  pidsHeldPercentOfPidMax: number;
  end: ZombieEnd;
  reapedBy: ZombieReaper;
  parentStopsWaitingMs: number | null;
  zombiesGoneMs: number | null;
}
