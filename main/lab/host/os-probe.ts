/**
 * Small questions to the OS that the sampler does not answer: whether a value is a usable pid,
 * a process's name, and which processes carry the lab's tag in their environment. A run asks
 * for a name once per process it meets (never blocking on a spawned `ps`), and an `observe` run
 * looks for the tag through a {@link TagWatch}: a `/proc` listing diffed against the last one,
 * each new (pid, start time)'s environment read once.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const hasProc = process.platform === 'linux';

/** True when `pid` is a plain positive integer — checked before a pid goes anywhere near a command line or kill(). */
export function isValidPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && pid < 2 ** 31;
}

/**
 * The process's short name read at once where that costs no new process: on Linux its `comm`
 * (null once it is gone). Elsewhere undefined: ask {@link processName}, which does not block.
 */
export function processNameNow(pid: number): string | null | undefined {
  if (!hasProc) return undefined;
  if (!isValidPid(pid)) return null;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The process's short name (`comm` on Linux, `ps -o comm=` elsewhere), or null once it is gone. */
export async function processName(pid: number): Promise<string | null> {
  const now = processNameNow(pid);
  if (now !== undefined) return now;
  if (!isValidPid(pid) || process.platform === 'win32') return null;
  try {
    // Asynchronous: one `ps` per new process must never stop the app's thread (300 zombies).
    const { stdout } = await execFileAsync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
    return stdout.trim().split('/').pop() || null;
  } catch {
    return null;
  }
}

/** What was read of one process's environment, valid while its start time stays the same. */
interface TagEntry {
  start: string;
  runId: string | null;
}
/**
 * How old (s) a process must be before "no tag" is remembered for it. Between fork() and
 * execve() a child spawned by an untagged parent (the host spawning a run's main, a test
 * spawning a tagged `sleep`) still shows its parent's environment, and exec keeps the start
 * time: a "no" read in that window must be read again, or the process would never be found
 * (nor swept, nor counted as leaked). exec follows fork within milliseconds.
 */
const UNTAGGED_SETTLED_S = 1;
/** Clock ticks per second of /proc's start times (USER_HZ, 100 on every Linux we run on). */
const USER_HZ = 100;

/** Seconds since boot, or null where /proc/uptime cannot be read. */
function uptimeS(): number | null {
  try {
    const v = Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}
/** pid → its lab tag: a process's environment is read once per (pid, start time), not per scan. */
const tags = new Map<number, TagEntry>();

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null once it is gone. */
function startField(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** The value of PROCESS_LAB_RUN in pid's environment; null when absent or unreadable. */
function labTag(pid: number): string | null {
  let env: string;
  try {
    env = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    // Gone, or not ours to read: either way not a lab process we can act on.
    return null;
  }
  const key = 'PROCESS_LAB_RUN=';
  const at = env.startsWith(key) ? 0 : env.indexOf(`\0${key}`) + 1;
  if (at === 0 && !env.startsWith(key)) return null;
  const end = env.indexOf('\0', at);
  return env.slice(at + key.length, end === -1 ? undefined : end);
}

/**
 * Pids of processes whose environment carries `PROCESS_LAB_RUN` (any value, or `runId` exactly).
 * Linux only (reads `/proc/<pid>/environ`): elsewhere returns null and callers fall back to
 * the pids they recorded. A zombie's environment reads empty, so zombies are not listed. Each
 * process's environment is read once per (pid, start time): a scan reads only new processes'.
 */
export function findLabPids(runId?: string): number[] | null {
  if (!hasProc) return null;
  const found: number[] = [];
  const seen = new Set<number>();
  const now = uptimeS();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!isValidPid(pid) || pid === process.pid) continue;
    const start = startField(pid);
    if (start === null) continue;
    seen.add(pid);
    let tag = tags.get(pid);
    if (!tag || tag.start !== start) {
      tag = { start, runId: labTag(pid) };
      // A young process's "no" may be the pre-exec environment: read it again next time.
      const settled = now !== null && now - Number(start) / USER_HZ > UNTAGGED_SETTLED_S;
      if (tag.runId !== null || settled) tags.set(pid, tag);
      else tags.delete(pid);
    }
    if (tag.runId !== null && (runId === undefined || tag.runId === runId)) found.push(pid);
  }
  for (const pid of tags.keys()) if (!seen.has(pid)) tags.delete(pid);
  return found;
}

/**
 * Finds the processes carrying one run's tag, cheaply enough for every tick: each call lists
 * `/proc` (one readdir, no per-process read) and diffs it against the previous listing; only
 * pids new since then get their environment read, once per pid number per appearance. Pids seen in the previous listing keep their answer: a pid cannot
 * be freed and reused without leaving at least one listing in between, except within one
 * interval, which {@link rescan} (a full read) is the fallback for. Linux only: elsewhere
 * {@link poll} returns null.
 */
export class TagWatch {
  readonly #runId: string;
  /** pid → whether it carries the run's tag, for every pid of the last listing. */
  #last = new Map<number, boolean>();

  constructor(runId: string) {
    this.#runId = runId;
  }

  /** The live pids carrying the run's tag (a zombie's empty environment does not count). */
  poll(): number[] | null {
    if (!hasProc) return null;
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return null;
    }
    const next = new Map<number, boolean>();
    const found: number[] = [];
    for (const entry of entries) {
      const c = entry.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(entry);
      if (pid === process.pid) continue;
      let ours = this.#last.get(pid);
      if (ours === undefined) ours = this.#read(pid);
      next.set(pid, ours);
      if (ours) found.push(pid);
    }
    this.#last = next;
    return found;
  }

  /** Forgets every answer: the next {@link poll} reads every process again (the full scan). */
  rescan(): void {
    this.#last.clear();
  }

  #read(pid: number): boolean {
    // The environment is inherited at fork(): a new process carries the tag from its first instant.
    return labTag(pid) === this.#runId;
  }
}
