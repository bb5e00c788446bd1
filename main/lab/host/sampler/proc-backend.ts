/**
 * Linux sampler back end: reads `/proc/<pid>/stat` directly.
 *
 * Why this shape: at 500 processes a synchronous positional read of kept-open fds into one
 * reused buffer costs ~4 ms per tick; `fs.promises` is 7–15× slower and spawning `ps` ~40 ms
 * (see STACK-NOTES). So every followed pid keeps one fd on its `stat` file, read with
 * `readSync(fd, buf, 0, len, 0)`. An fd on `/proc/<pid>/…` stays bound to that very process:
 * once it is reaped the read fails with ESRCH, even if the pid number is reused — so a kept
 * fd can never silently report a different process.
 *
 * Descendants come from `/proc/<pid>/task/<tid>/children` (CONFIG_PROC_CHILDREN), one file
 * per thread because a child is listed under the thread that forked it. It is a seq_file and
 * a positional read at 0 re-generates it (measured: 2.8 µs on a kept fd vs 17 µs for
 * `readFileSync`), so those fds are kept too. Without that file (older or stripped kernels)
 * the back end scans all of `/proc` once per tick to build a ppid map.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcSample, ProcState } from '../../../../contract/process';
import type { SamplerBackend } from './types';
import { linuxClock, sameStart, toProcState, validPids } from './common';
import { CpuMeter } from './cpu';

/** How descendants are found. */
export type ProcDiscovery = 'children' | 'scan';

/** Options of {@link ProcBackend}. */
export interface ProcBackendOptions {
  /**
   * `children`: read `/proc/<pid>/task/<tid>/children`; `scan`: readdir `/proc` and read every
   * stat once per tick. Default: `children` when this kernel has the file, else `scan`.
   */
  discovery?: ProcDiscovery;
}

/**
 * Tolerance when matching a start time against `known`. This back end computes start times
 * from integer clock ticks and a boot time fixed once per process, so the same process always
 * gets the same value; the slack only covers a caller that recorded it from another source.
 */
export const PROC_START_TOLERANCE_MS = 10;

/** Parsed fields of one `/proc/<pid>/stat` line. */
interface Stat {
  state: ProcState;
  ppid: number;
  /** utime + stime, clock ticks. */
  cpuTicks: number;
  numThreads: number;
  startTicks: number;
  rssPages: number;
}

/** One followed process: its stat fd and a children fd per thread. */
interface Followed {
  fd: number;
  /** starttime first read through `fd`; -1 until then. */
  startTicks: number;
  /** tid → fd of `/proc/<pid>/task/<tid>/children`. */
  tasks: Map<number, number>;
}

/**
 * Parses a stat line. The command name (field 2) is in parentheses and may itself contain
 * spaces and parentheses, so fields are split only after the LAST `)`.
 * Exported for tests.
 */
export function parseStat(line: string): Stat | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  // f[0] is field 3 (state): field N is f[N - 3].
  const f = line.slice(close + 2).split(' ');
  if (f.length < 22) return null;
  const ppid = Number(f[1]);
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  const numThreads = Number(f[17]);
  const startTicks = Number(f[19]);
  const rssPages = Number(f[21]);
  if (![ppid, utime, stime, numThreads, startTicks, rssPages].every(Number.isFinite)) return null;
  return { state: toProcState(f[0]), ppid, cpuTicks: utime + stime, numThreads, startTicks, rssPages };
}

function childrenFileAvailable(): boolean {
  return existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
}

/** Errors that mean "ran out of file descriptors" rather than "that process is gone". */
function isFdExhaustion(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** The `/proc` back end. See the module comment for why it reads the way it does. */
export class ProcBackend implements SamplerBackend {
  readonly name = 'proc' as const;
  /** How descendants are found (fixed at construction). */
  readonly discovery: ProcDiscovery;

  readonly #followed = new Map<number, Followed>();
  readonly #cpu = new CpuMeter();
  #buf = Buffer.allocUnsafe(1024);
  /** False after an EMFILE: children files are then opened per read instead of kept. */
  #keepChildFds = true;
  /** ppid → children, built by a full scan at most once per tick (scan discovery only). */
  #scanMap: Map<number, number[]> | null = null;

  constructor(opts: ProcBackendOptions = {}) {
    this.discovery = opts.discovery ?? (childrenFileAvailable() ? 'children' : 'scan');
  }

  async sample(roots: readonly number[], known: ReadonlyMap<number, number>): Promise<Map<number, ProcSample>> {
    return this.sampleSync(roots, known);
  }

  /** {@link sample}, synchronously (every read here is synchronous anyway). */
  sampleSync(roots: readonly number[], known: ReadonlyMap<number, number>): Map<number, ProcSample> {
    const clock = linuxClock();
    const mono = performance.now();
    const epoch = Date.now();
    const out = new Map<number, ProcSample>();
    const visited = new Set<number>();
    this.#scanMap = null;

    const report = (pid: number, st: Stat): void => {
      const startTime = Math.round(clock.bootMs + (st.startTicks * 1000) / clock.clkTck);
      const recorded = known.get(pid);
      // A pid in `known` with another start time is a different process reusing the number:
      // not the one the caller follows, so it is not reported (its children, if it is in a
      // root's subtree, still are — they are real descendants).
      if (recorded !== undefined && !sameStart(startTime, recorded, PROC_START_TOLERANCE_MS)) return;
      const cpuMs = (st.cpuTicks * 1000) / clock.clkTck;
      out.set(pid, {
        pid,
        ppid: st.ppid,
        state: st.state,
        cpu: this.#cpu.update(pid, startTime, cpuMs, mono, epoch),
        cpuMs,
        rss: st.rssPages * clock.pageSize,
        startTime,
      });
    };

    // Breadth-first over the roots' subtrees.
    const queue = validPids(roots);
    for (let i = 0; i < queue.length; i++) {
      const pid = queue[i] as number;
      if (visited.has(pid)) continue;
      visited.add(pid);
      const st = this.#readStat(pid);
      if (!st) continue;
      report(pid, st);
      // A zombie (or dying) process has no children left: they were re-parented when it exited.
      if (st.state === 'Z' || st.state === 'X') continue;
      for (const child of this.#childrenOf(pid, st.numThreads)) if (!visited.has(child)) queue.push(child);
    }

    // Known pids outside the subtrees (orphans re-parented away, daemons): just themselves.
    for (const pid of validPids(known.keys())) {
      if (visited.has(pid)) continue;
      visited.add(pid);
      const st = this.#readStat(pid);
      if (st) report(pid, st);
    }

    // Stop following what is no longer asked for; dead ones were already dropped on read.
    for (const pid of [...this.#followed.keys()]) if (!visited.has(pid)) this.#drop(pid);
    this.#cpu.retain(out);
    this.#scanMap = null;
    return out;
  }

  close(): void {
    for (const pid of [...this.#followed.keys()]) this.#drop(pid);
    this.#cpu.clear();
    this.#scanMap = null;
  }

  /** Number of fds currently held (stat + children files), for tests and the benchmark. */
  get openFds(): number {
    let n = 0;
    for (const f of this.#followed.values()) n += 1 + f.tasks.size;
    return n;
  }

  /** Reads and parses `pid`'s stat through its kept fd; null when the process is gone. */
  #readStat(pid: number, retried = false): Stat | null {
    let f = this.#followed.get(pid);
    if (!f) {
      const fd = this.#open(`/proc/${pid}/stat`);
      if (fd < 0) return null;
      f = { fd, startTicks: -1, tasks: new Map() };
      this.#followed.set(pid, f);
    }
    const text = this.#pread(f.fd);
    const st = text === null ? null : parseStat(text);
    if (!st) {
      this.#drop(pid);
      return null;
    }
    if (f.startTicks === -1) f.startTicks = st.startTicks;
    else if (f.startTicks !== st.startTicks) {
      // Cannot happen through a kept fd (it dies with its process), but if it ever does, the
      // pid now names another process: start over with a fresh fd, once.
      this.#drop(pid);
      return retried ? null : this.#readStat(pid, true);
    }
    return st;
  }

  /** Pids of `pid`'s children (not zombies' — callers skip those). */
  #childrenOf(pid: number, numThreads: number): number[] {
    if (this.discovery === 'scan') {
      this.#scanMap ??= scanPpids();
      return this.#scanMap.get(pid) ?? [];
    }
    const f = this.#followed.get(pid);
    if (!f) return [];
    // Single-threaded (most lab processes): the only task is the pid itself, no readdir needed.
    let tids: number[];
    if (numThreads <= 1) tids = [pid];
    else {
      try {
        tids = readdirSync(`/proc/${pid}/task`).map(Number);
      } catch {
        return [];
      }
    }
    const out: number[] = [];
    for (const tid of tids) {
      const path = `/proc/${pid}/task/${tid}/children`;
      let text: string | null;
      if (this.#keepChildFds) {
        let fd = f.tasks.get(tid);
        if (fd === undefined) {
          fd = this.#open(path);
          if (fd < 0) continue;
          f.tasks.set(tid, fd);
        }
        text = this.#pread(fd);
        if (text === null) {
          closeQuietly(fd);
          f.tasks.delete(tid);
        }
      } else {
        const fd = this.#open(path);
        if (fd < 0) continue;
        text = this.#pread(fd);
        closeQuietly(fd);
      }
      if (text) for (const tok of text.split(' ')) if (tok) out.push(Number(tok));
    }
    // Threads that ended: release their children fds.
    if (f.tasks.size > tids.length || (numThreads <= 1 && f.tasks.size > 0)) {
      const live = new Set(tids);
      for (const [tid, fd] of f.tasks) {
        if (live.has(tid)) continue;
        closeQuietly(fd);
        f.tasks.delete(tid);
      }
    }
    return out;
  }

  /**
   * Opens read-only; -1 when the file is gone (process or thread exited). On fd exhaustion,
   * gives up keeping children fds (the stat fds are the ones worth keeping) and tries again.
   */
  #open(path: string): number {
    try {
      return openSync(path, 'r');
    } catch (err) {
      if (isFdExhaustion(err) && this.#keepChildFds) {
        this.#keepChildFds = false;
        for (const f of this.#followed.values()) {
          for (const fd of f.tasks.values()) closeQuietly(fd);
          f.tasks.clear();
        }
        return this.#open(path);
      }
      if (isFdExhaustion(err)) throw err;
      return -1;
    }
  }

  /** Whole content of a small /proc file via positional read at 0 into the reused buffer. */
  #pread(fd: number): string | null {
    try {
      let n = readSync(fd, this.#buf, 0, this.#buf.length, 0);
      // A full buffer may mean a truncated read (long children lists): grow and read again.
      while (n === this.#buf.length) {
        this.#buf = Buffer.allocUnsafe(this.#buf.length * 2);
        n = readSync(fd, this.#buf, 0, this.#buf.length, 0);
      }
      return this.#buf.toString('latin1', 0, n);
    } catch {
      // ESRCH (reaped), ENOENT, or anything else: either way this process cannot be read.
      return null;
    }
  }

  #drop(pid: number): void {
    const f = this.#followed.get(pid);
    if (!f) return;
    closeQuietly(f.fd);
    for (const fd of f.tasks.values()) closeQuietly(fd);
    this.#followed.delete(pid);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
}

/** Fallback discovery: ppid → children for every process on the machine. */
function scanPpids(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  const buf = Buffer.allocUnsafe(1024);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return map;
  }
  for (const e of entries) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let fd = -1;
    try {
      fd = openSync(`/proc/${pid}/stat`, 'r');
      const n = readSync(fd, buf, 0, buf.length, 0);
      const st = parseStat(buf.toString('latin1', 0, n));
      if (!st) continue;
      const list = map.get(st.ppid);
      if (list) list.push(pid);
      else map.set(st.ppid, [pid]);
    } catch {
      // Exited while scanning.
    } finally {
      if (fd >= 0) closeQuietly(fd);
    }
  }
  return map;
}
