/**
 * What the pidfile sweep may signal, decided from the OS and not from the file. A pidfile is
 * only a hint: anyone who can write one could otherwise name any process or group. So a pid is
 * ended only if it is alive with the recorded start time and (where the OS shows environments,
 * i.e. Linux) carries the run's `PROCESS_LAB_RUN`; a group only if its leader is such a process;
 * and never pid 0 or 1, this process, or any of its ancestors.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isValidPid } from './os-probe';
import type { PidEntry } from './pidfile';
import type { SamplerBackend } from './sampler/types';

const LINUX = process.platform === 'linux';
const POSIX = process.platform !== 'win32';

/** One signal the sweep will send: to a process, or (`group`) to the group it leads. */
export interface SweepTarget {
  pid: number;
  group: boolean;
}

/** `ppid` and `pgid` of a live process, or null (gone, or the OS will not say). */
export function parentAndGroup(pid: number): { ppid: number; pgid: number } | null {
  if (!isValidPid(pid)) return null;
  try {
    if (LINUX) {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ...": comm may hold spaces and parens,
      // so the fields are counted from the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), pgid: Number(f[2]) };
    }
    if (!POSIX) return null;
    const out = execFileSync('ps', ['-o', 'ppid=,pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const [ppid, pgid] = out.split(/\s+/).map(Number);
    return ppid !== undefined && pgid !== undefined ? { ppid, pgid } : null;
  } catch {
    return null;
  }
}

/** Pids the sweep never touches: 0, 1, this process and every ancestor of it. */
export function protectedPids(): Set<number> {
  const out = new Set<number>([0, 1, process.pid, process.ppid]);
  let pid = process.ppid;
  // The chain ends at init (1) or 0; the bound only guards against a loop in a broken reading.
  for (let i = 0; i < 256 && pid > 1; i++) {
    const next = parentAndGroup(pid)?.ppid;
    if (next === undefined || !Number.isInteger(next)) break;
    out.add(next);
    pid = next;
  }
  return out;
}

/**
 * Whether `pid`'s environment carries `PROCESS_LAB_RUN=<runId>`: true/false on Linux (a process
 * of another user, unreadable, is false), null where the OS does not show environments.
 */
export function carriesRunTag(pid: number, runId: string): boolean | null {
  if (!LINUX) return null;
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
    const needle = `PROCESS_LAB_RUN=${runId}\0`;
    return env.startsWith(needle) || env.includes(`\0${needle}`);
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is, right now, the run's own process: alive with `startTime` (a reused pid has
 * another) and, where visible, tagged with the run's id.
 */
export async function isRunProcess(
  probe: SamplerBackend,
  pid: number,
  startTime: number,
  runId: string,
): Promise<boolean> {
  if (!isValidPid(pid)) return false;
  const alive = await probe.sample([], new Map([[pid, startTime]]));
  if (!alive.has(pid)) return false;
  return carriesRunTag(pid, runId) !== false;
}

/**
 * The signals the sweep may send for one pidfile entry: its main if it is the run's own, the
 * main's group if the main leads it (and it is not our own group), and every other process
 * carrying the run's tag. Nothing in `protect` is ever a target.
 */
export async function planSweep(
  e: PidEntry,
  probe: SamplerBackend,
  tagged: readonly number[],
  protect: ReadonlySet<number> = protectedPids(),
): Promise<SweepTarget[]> {
  const targets: SweepTarget[] = [];
  const mainOk = !protect.has(e.pid) && e.pid > 1 && (await isRunProcess(probe, e.pid, e.startTime, e.runId));
  if (mainOk) {
    const own = POSIX ? parentAndGroup(e.pid) : null;
    const ours = POSIX ? parentAndGroup(process.pid)?.pgid : undefined;
    // The group the file names must be the one the verified main leads, now.
    const leads = e.pgid !== null && e.pgid === e.pid && own?.pgid === e.pgid;
    if (leads && e.pgid !== null && e.pgid > 1 && !protect.has(e.pgid) && ours !== e.pgid)
      targets.push({ pid: e.pgid, group: true });
    else targets.push({ pid: e.pid, group: false });
  }
  for (const pid of tagged) if (pid > 1 && !protect.has(pid) && pid !== e.pid) targets.push({ pid, group: false });
  return targets;
}
