/**
 * Small questions to the OS that the sampler does not answer: whether a value is a usable pid,
 * a process's name, and which processes carry the lab's tag in their environment. A run asks
 * for a name once per process it meets, and an `observe` run scans for the tag on each tick.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const hasProc = process.platform === 'linux';

/** True when `pid` is a plain positive integer — checked before a pid goes anywhere near a command line or kill(). */
export function isValidPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && pid < 2 ** 31;
}

/** The process's short name (`comm` on Linux), or null once it is gone. */
export function processName(pid: number): string | null {
  if (!isValidPid(pid)) return null;
  try {
    if (hasProc) return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (process.platform === 'win32') return null;
    const out = execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
    return out.trim().split('/').pop() || null;
  } catch {
    return null;
  }
}

/**
 * Pids of processes whose environment carries `PROCESS_LAB_RUN` (any value, or `runId` exactly).
 * Linux only (reads `/proc/<pid>/environ`): elsewhere returns null and callers fall back to
 * the pids they recorded. A zombie's environment reads empty, so zombies are not listed.
 */
export function findLabPids(runId?: string): number[] | null {
  if (!hasProc) return null;
  const needle = runId === undefined ? 'PROCESS_LAB_RUN=' : `PROCESS_LAB_RUN=${runId}\0`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!isValidPid(pid) || pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (env.startsWith(needle) || env.includes(`\0${needle}`)) found.push(pid);
    } catch {
      // Gone, or not ours to read: either way not a lab process we can act on.
    }
  }
  return found;
}
