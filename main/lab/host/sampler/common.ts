/**
 * Small pieces both back ends share: pid validation, state letters, start-time matching and
 * the Linux clock facts (CLK_TCK, page size, boot time) that turn `/proc` numbers into ms.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcState } from '../../../../contract/process';
import { isValidPid } from '../os-probe';

export { isValidPid };

const STATES: ReadonlySet<string> = new Set(['R', 'S', 'D', 'Z', 'T', 't', 'X', 'I', 'W', 'P']);

/** The first letter of a Linux/BSD state string as a {@link ProcState}; `?` for anything else. */
export function toProcState(s: string | undefined): ProcState {
  const c = s?.[0];
  return c !== undefined && STATES.has(c) ? (c as ProcState) : '?';
}

/** Valid pids of `list`, deduplicated, in order. Invalid ones are dropped, never passed on. */
export function validPids(list: Iterable<number>): number[] {
  const out = new Set<number>();
  for (const p of list) if (isValidPid(p)) out.add(p);
  return [...out];
}

/**
 * Whether a start time seen now is the one recorded in `known` (same process, not a later one
 * reusing the pid). `toleranceMs` absorbs the back end's measuring noise.
 */
export function sameStart(seen: number, recorded: number, toleranceMs: number): boolean {
  return Math.abs(seen - recorded) <= toleranceMs;
}

/** Linux facts needed to convert `/proc/<pid>/stat` fields, measured once per process. */
export interface LinuxClock {
  /** Clock ticks per second (`getconf CLK_TCK`), for utime/stime/starttime. */
  clkTck: number;
  /** Bytes per page (`getconf PAGESIZE`), for RSS. */
  pageSize: number;
  /** Epoch ms of boot, so that `bootMs + starttime / clkTck * 1000` is a start time in epoch ms. */
  bootMs: number;
}

let clock: LinuxClock | undefined;

/** {@link LinuxClock}, computed on first use (a few ms: two `getconf` runs and ≤ 10 ms of polling). */
export function linuxClock(): LinuxClock {
  clock ??= { clkTck: getconf('CLK_TCK', 100), pageSize: getconf('PAGESIZE', 4096), bootMs: bootEpochMs() };
  return clock;
}

function getconf(name: string, fallback: number): number {
  try {
    const n = Number.parseInt(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }), 10);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

function readUptime(): number | null {
  try {
    const up = Number.parseFloat(readFileSync('/proc/uptime', 'latin1'));
    return Number.isFinite(up) ? up : null;
  } catch {
    return null;
  }
}

/**
 * Boot time in epoch ms, to ~1 ms.
 *
 * Why not `btime` from /proc/stat: it is whole seconds, so every start time would be off by a
 * constant 0–999 ms from the real one (and from what the portable back end computes from
 * `/proc/uptime`). `/proc/uptime` counts the same clock as the `starttime` field (boot time,
 * including suspend) in centiseconds, truncated: we poll it until it ticks over, at which
 * instant `Date.now() - uptime` is exact to the read latency. Done once; costs ≤ 10 ms.
 */
function bootEpochMs(): number {
  const first = readUptime();
  if (first === null) return btimeMs() ?? Date.now() - performance.now();
  const deadline = performance.now() + 25;
  let up = first;
  let now = Date.now();
  while (performance.now() < deadline) {
    const u = readUptime();
    now = Date.now();
    if (u !== null && u !== first) {
      up = u;
      break;
    }
  }
  return now - up * 1000;
}

function btimeMs(): number | null {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
    return m?.[1] ? Number(m[1]) * 1000 : null;
  } catch {
    return null;
  }
}
