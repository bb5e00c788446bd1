/**
 * Portable sampler back end (macOS, Windows, any Linux without a usable /proc), built on
 * `pidtree` (the process tree) and `pidusage` (CPU time, memory, ppid, start), plus one `ps`
 * per tick for the state letter, which neither library reports.
 *
 * Per tick: one `pidtree(-1, { advanced: true })` call (one `ps -A` spawn) gives every
 * {ppid, pid} pair and the subtrees are computed here — calling pidtree once per root would
 * spawn once per root. Then `pidusage(array)` and `ps -o pid=,stat=` run concurrently.
 */
import { execFile } from 'node:child_process';
import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { ProcSample, ProcState } from '../../../../contract/process';
import type { SamplerBackend } from './types';
import { linuxClock, sameStart, toProcState, validPids } from './common';
import { CpuMeter } from './cpu';

/** Options of {@link PortableBackend}. */
export interface PortableBackendOptions {
  /**
   * Make pidusage spawn `ps` instead of reading /proc on Linux. Default false: see
   * {@link PortableBackend} for why. Forced on when pidusage's fd history cannot be reached.
   */
  usePs?: boolean;
}

/**
 * Slack on top of the measuring uncertainty when matching start times (ms rounding, one tick).
 *
 * Start times, and how far off they can be: pidusage gives `elapsed` = (its uptime reading) − (process start), where the uptime was read
 * at some instant between our call and its reply: `Date.now() - elapsed` is off by that delay,
 * tens of ms under load. Where pidusage reads /proc (Linux), its history entry also holds the
 * start in ms since boot (`start`, from the same starttime field the proc back end reads), and
 * adding the boot time measured once (`linuxClock().bootMs`) gives exactly what the proc back
 * end gives. Elsewhere (ps: `etime` in whole seconds) the start is `before - elapsed`, and
 * matching tolerates the call's duration plus the 1 s resolution.
 */
export const PORTABLE_START_SLACK_MS = 10;
/** Resolution of `elapsed` when pidusage runs `ps` (etime is whole seconds). */
const PS_ELAPSED_RESOLUTION_MS = 1000;

/** The part of pidusage's internal history module this back end relies on (pidusage 4.1.0). */
interface PidusageHistory {
  get(pid: number, maxage?: number): { fd?: number | undefined; start?: number | undefined } | undefined;
}

/**
 * pidusage's own history module, or null. Loaded with `require` so it is the very instance
 * pidusage/index.js uses (one CommonJS cache); checked at first use (see `checkHistory()`)
 * in case a bundler gave pidusage a copy of its own.
 */
function loadHistory(): PidusageHistory | null {
  try {
    const req = createRequire(import.meta.url);
    const mod = req('pidusage/lib/history') as Partial<PidusageHistory> | null;
    return typeof mod?.get === 'function' ? (mod as PidusageHistory) : null;
  } catch {
    return null;
  }
}

/** A "that pid is not there" failure from pidusage (it rejects when every asked pid is dead). */
function isNoSuchProcess(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | null;
  return e?.code === 'ENOENT' || e?.code === 'ESRCH' || /No matching pid/i.test(e?.message ?? '');
}

/**
 * Closes the fds pidusage keeps, shared by every {@link PortableBackend} of this process
 * because pidusage's history is one per process: an fd is closed only when no back end still
 * follows that pid and no pidusage call is in flight anywhere (one might be about to read it).
 */
const fdJanitor = {
  history: undefined as PidusageHistory | null | undefined,
  /** pid → number of back ends that reported it on their last tick. */
  holders: new Map<number, number>(),
  pending: new Set<number>(),
  inflight: 0,

  hold(pid: number): void {
    this.holders.set(pid, (this.holders.get(pid) ?? 0) + 1);
  },
  unhold(pid: number): void {
    const n = (this.holders.get(pid) ?? 0) - 1;
    if (n > 0) this.holders.set(pid, n);
    else this.holders.delete(pid);
    this.pending.add(pid);
  },
  /** Asked about but not followed: release unless another back end follows it. */
  release(pid: number): void {
    this.pending.add(pid);
  },
  async around<T>(call: () => Promise<T>): Promise<T> {
    this.inflight++;
    try {
      return await call();
    } finally {
      this.inflight--;
      this.flush();
    }
  },
  flush(): void {
    if (this.inflight > 0) return;
    for (const pid of this.pending) {
      if (this.holders.has(pid)) continue;
      const entry = this.history?.get(pid);
      if (!entry || typeof entry.fd !== 'number') continue;
      try {
        closeSync(entry.fd);
      } catch {
        // Already closed.
      }
      // pidusage opens a new fd when its entry has none.
      delete entry.fd;
    }
    this.pending.clear();
  },
};

/**
 * Whether the history we loaded is the one pidusage fills: after pidusage reads a pid, its
 * entry must hold the fd. Checked once per process. If not (e.g. a bundler inlined a second
 * copy of pidusage), back ends use `ps`, so no fd is ever held out of our reach.
 */
let historyUsable: Promise<boolean> | undefined;
function checkHistory(): Promise<boolean> {
  historyUsable ??= (async () => {
    fdJanitor.history ??= loadHistory();
    if (!fdJanitor.history) return false;
    const history = fdJanitor.history;
    const self = process.pid;
    let usable = false;
    try {
      await fdJanitor.around(async () => {
        await pidusage([self], { usePs: false });
        usable = typeof history.get(self)?.fd === 'number';
        fdJanitor.release(self);
      });
    } catch {
      // Not usable.
    }
    return usable;
  })();
  return historyUsable;
}

/**
 * Back end on pidtree + pidusage.
 *
 * File descriptors: on Linux pidusage reads `/proc/<pid>/stat` and keeps that fd open in its
 * module-level history for 60 s after the last query of the pid; its `clear()` forgets the
 * history WITHOUT closing those fds (a leak), and a dead pid's fd stays for the 60 s too (and
 * makes pidusage fail on a new process that reuses the pid until then). Two ways out:
 *  - `usePs: true`: no fds at all, but a second `ps` spawn per tick, and `ps` gives etime and
 *    cputime in whole seconds on Linux — start times off by up to 1 s and CPU % that moves in
 *    1 s steps. And it is not cheaper: measured with scripts/bench.ts at 200 processes, a
 *    tick took ~44 ms wall and ~61 ms CPU in all (12 here + 49 in the ps children) with
 *    `usePs`, against ~41 ms wall and ~52 ms CPU (17 + 35) with pidusage's /proc reads.
 *  - keep pidusage's /proc mode and close the fds ourselves: once a pid is no longer reported
 *    (dead, reused, or not asked for), and for all pids on close(), take its history entry
 *    through the library's own accessor (`require('pidusage/lib/history').get(pid)`, the same
 *    CommonJS instance pidusage uses), close its `fd` and delete it from the entry, so that
 *    pidusage simply opens a fresh one if asked again. Never while a pidusage call is in
 *    flight (see `fdJanitor`). pidusage is pinned (4.1.0); the first tick verifies that this
 *    still works and falls back to `ps` if it does not.
 * We take the second on Linux (exact data, cheaper); elsewhere pidusage uses ps/wmic anyway
 * and holds no fds.
 */
export class PortableBackend implements SamplerBackend {
  readonly name = 'portable' as const;

  readonly #cpu = new CpuMeter();
  #usePs: boolean;
  /** Whether pidusage may hold fds for us (its /proc mode on Linux). */
  #holdsFds: boolean;
  #checked = false;
  /** Pids reported on the last tick (held in {@link fdJanitor}). */
  #held = new Set<number>();
  /** First start time computed per pid, reused while new values stay within tolerance. */
  #starts = new Map<number, number>();
  #inflight: Promise<unknown> | null = null;
  /** close() was called during a tick: close again once it ends (it holds what it reports). */
  #closeAfterTick = false;

  constructor(opts: PortableBackendOptions = {}) {
    const linux = process.platform === 'linux' || process.platform === 'android';
    this.#usePs = opts.usePs ?? false;
    this.#holdsFds = linux && !this.#usePs;
    // Nothing to check when pidusage holds no fds for us.
    this.#checked = !this.#holdsFds;
  }

  /** Whether pidusage is asked to use `ps` (true) or its /proc reader (false). */
  get usesPs(): boolean {
    return this.#usePs;
  }

  async sample(roots: readonly number[], known: ReadonlyMap<number, number>): Promise<Map<number, ProcSample>> {
    // One tick at a time per back end: the start-time and CPU tables assume it.
    while (this.#inflight) await this.#inflight.catch(() => undefined);
    const run = this.#sample(roots, known);
    this.#inflight = run;
    try {
      return await run;
    } finally {
      this.#inflight = null;
      if (this.#closeAfterTick) {
        this.#closeAfterTick = false;
        this.close();
      }
    }
  }

  close(): void {
    if (this.#inflight) this.#closeAfterTick = true;
    this.#cpu.clear();
    this.#starts.clear();
    for (const pid of this.#held) fdJanitor.unhold(pid);
    this.#held.clear();
    // Closes now, or as soon as the pidusage call in flight (if any) settles.
    fdJanitor.flush();
  }

  async #sample(roots: readonly number[], known: ReadonlyMap<number, number>): Promise<Map<number, ProcSample>> {
    if (!this.#checked) {
      this.#checked = true;
      if (!(await checkHistory())) {
        this.#holdsFds = false;
        this.#usePs = true;
      }
    }

    const pairs = await pidtree(-1, { advanced: true });
    const children = new Map<number, number[]>();
    for (const { ppid, pid } of pairs) {
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    }
    // pidtree's list includes its own `ps` (a child of this process). It has exited and been
    // reaped by the time pidtree resolves (it waits for 'close'), so if this process's subtree
    // is followed, pidusage finds that pid dead and it drops out below with every other
    // vanished pid; filtering it here by name would need another spawn.
    const inTree = new Set<number>();
    const queue = validPids(roots);
    for (let i = 0; i < queue.length; i++) {
      const pid = queue[i] as number;
      if (inTree.has(pid)) continue;
      inTree.add(pid);
      for (const c of children.get(pid) ?? []) if (!inTree.has(c)) queue.push(c);
    }
    const asked = validPids([...inTree, ...known.keys()]);
    const out = new Map<number, ProcSample>();
    if (asked.length === 0) {
      this.#settleFds(asked, out);
      return out;
    }

    // `before` precedes pidusage's uptime reading and `after` follows it: the bracket bounds
    // how wrong `before - elapsed` can be (see the comment on PORTABLE_START_SLACK_MS).
    const before = Date.now();
    const mono = performance.now();
    const [usage, states] = await Promise.all([this.#usage(asked), psStates(asked)]);
    const after = Date.now();
    const history = this.#holdsFds ? fdJanitor.history : null;
    const bootMs = history ? linuxClock().bootMs : 0;

    for (const pid of asked) {
      const u = usage[pid];
      if (!u) continue; // dead (pidusage gives null/undefined for a dead pid in an array call)
      let state: ProcState = '?';
      if (states) {
        const s = states.get(pid);
        if (s === undefined) continue; // exited between the two reads
        state = s;
      }
      const sinceBoot = history?.get(pid)?.start;
      let startTime: number;
      let tol = PORTABLE_START_SLACK_MS;
      if (typeof sinceBoot === 'number' && Number.isFinite(sinceBoot)) {
        startTime = Math.round(bootMs + sinceBoot);
      } else {
        startTime = Math.round(before - u.elapsed);
        tol += after - before + (this.#usePs || process.platform !== 'linux' ? PS_ELAPSED_RESOLUTION_MS : 10);
      }
      const first = this.#starts.get(pid);
      // Keep a process's start time stable across ticks (the engine uses it as identity).
      if (first !== undefined && sameStart(startTime, first, tol)) startTime = first;
      else this.#starts.set(pid, startTime);
      const recorded = known.get(pid);
      // A pid in `known` with another start time is a later process reusing the number.
      if (recorded !== undefined && !sameStart(startTime, recorded, tol)) continue;
      out.set(pid, {
        pid,
        ppid: u.ppid,
        state,
        cpu: this.#cpu.update(pid, startTime, u.ctime, mono, before),
        cpuMs: u.ctime,
        // State and memory come from two reads (ps, pidusage) a few ms apart: a process that
        // exited in between is a zombie to ps yet still had memory to pidusage. A zombie has
        // none, so say so rather than report a mix of two instants.
        rss: state === 'Z' ? 0 : u.memory,
        startTime,
      });
    }
    for (const pid of this.#starts.keys()) if (!out.has(pid)) this.#starts.delete(pid);
    this.#cpu.retain(out);
    this.#settleFds(asked, out);
    return out;
  }

  async #usage(pids: number[]): Promise<Record<number, pidusage.Status | null | undefined>> {
    try {
      // pidusage rewrites its argument in place: give it a copy.
      return await fdJanitor.around(() => pidusage([...pids], { usePs: this.#usePs }));
    } catch (err) {
      // A one-element array (procfile) or all-dead list (ps) rejects instead of giving nulls.
      if (isNoSuchProcess(err)) return {};
      throw err;
    }
  }

  /** Holds the fds of what this tick reported; lets go of everything else it asked about. */
  #settleFds(asked: readonly number[], reported: ReadonlyMap<number, unknown>): void {
    if (!this.#holdsFds) return;
    for (const pid of reported.keys()) if (!this.#held.has(pid)) fdJanitor.hold(pid);
    for (const pid of this.#held) if (!reported.has(pid)) fdJanitor.unhold(pid);
    for (const pid of asked) if (!reported.has(pid)) fdJanitor.release(pid);
    this.#held = new Set(reported.keys());
    fdJanitor.flush();
  }
}

/**
 * State letters for `pids` from one `ps -o pid=,stat= -p <list>` run; null where there is no
 * `ps` (Windows): states are then '?'. Every pid is validated before it reaches the command
 * line (done by the caller through `validPids`; rechecked here because it is a command line).
 */
function psStates(pids: readonly number[]): Promise<Map<number, ProcState> | null> {
  if (process.platform === 'win32') return Promise.resolve(null);
  const list = validPids(pids);
  if (list.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'pid=,stat=', '-p', list.join(',')], { encoding: 'utf8' }, (err, stdout) => {
      // Exit status 1 just means none of the pids exists any more.
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
      const map = new Map<number, ProcState>();
      for (const line of stdout.split('\n')) {
        const m = /^\s*(\d+)\s+(\S+)/.exec(line);
        if (m?.[1] && m[2]) map.set(Number(m[1]), toProcState(m[2]));
      }
      resolve(map);
    });
  });
}
