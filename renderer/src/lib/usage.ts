/** One process's CPU and memory history, kept apart from its story (see process-model). */

/**
 * One process's CPU and memory over the latest ticks. Kept apart from {@link ProcView}: a usage
 * tick (10 per second) then re-renders the numbers and sparklines only, never the tree's shape
 * or the timeline's lanes.
 */
export interface Usage {
  /** CPU % of one core (a ~1.5 s moving average), at the latest tick; null when not measured (a zombie). */
  readonly cpu: number | null;
  /** Resident memory in bytes, at the latest tick; null when never sampled. */
  readonly rss: number | null;
  /** The latest CPU % samples, oldest first (at most `historyLength`). */
  readonly cpuHistory: readonly number[];
  /** The latest RSS samples in bytes, oldest first. */
  readonly rssHistory: readonly number[];
}

/**
 * An append-only series shared by successive {@link Usage} values of one process: each tick adds
 * one number instead of copying the whole history (400 processes × 120 samples at 10 Hz would
 * otherwise allocate megabytes a second). A value sees the first `len` numbers only, so older
 * values stay what they were.
 */
class Series {
  constructor(
    readonly buf: number[],
    readonly len: number,
  ) {}

  /** This series with `v` appended, keeping at least the last `cap`. */
  with(v: number, cap: number): Series {
    // Compact now and then; start afresh from the empty series; fork if a newer value has
    // already appended past this one.
    const buf =
      this.len === 0 || this.len !== this.buf.length || this.len >= 2 * cap
        ? this.buf.slice(Math.max(0, this.len - cap + 1), this.len)
        : this.buf;
    buf.push(v);
    return new Series(buf, buf.length);
  }

  last(cap: number): number[] {
    return this.buf.slice(Math.max(0, this.len - cap), this.len);
  }
}

const EMPTY = new Series([], 0);

class UsageValue implements Usage {
  constructor(
    readonly cpu: number | null,
    readonly rss: number | null,
    readonly cpus: Series,
    readonly rsss: Series,
    readonly cap: number,
  ) {}
  get cpuHistory(): number[] {
    return this.cpus.last(this.cap);
  }
  get rssHistory(): number[] {
    return this.rsss.last(this.cap);
  }
}

/**
 * Usage of a process never sampled (a replayed saved run holds no usage ticks; a process just
 * spawned has had none yet): nothing measured, so nothing shown ("—"), never a made-up 0.
 */
export const NO_USAGE: Usage = new UsageValue(null, null, EMPTY, EMPTY, 1);

/** `u` with one more sample, keeping the last `cap` of each history. */
export function sampled(u: Usage, cpu: number | null, rss: number, cap: number): Usage {
  const prev = u instanceof UsageValue ? u : null;
  // An unmeasured CPU (a zombie) adds nothing to the curve rather than a made-up 0.
  const cpus = cpu === null ? (prev?.cpus ?? EMPTY) : (prev?.cpus ?? EMPTY).with(cpu, cap);
  return new UsageValue(cpu, rss, cpus, (prev?.rsss ?? EMPTY).with(rss, cap), cap);
}
