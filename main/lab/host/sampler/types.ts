import type { ProcSample } from '../../../../contract/process';

/**
 * A sampler back end. One `sample()` call is one tick: it returns every live process in
 * `roots` plus every descendant of theirs, plus every pid in `known` that is still alive
 * (so an orphan that was re-parented away from the roots is still followed).
 */
export interface SamplerBackend {
  readonly name: 'proc' | 'portable';
  /**
   * @param roots pids whose whole subtree must be reported.
   * @param known pids (with the start time first seen, to reject a reused pid) to keep following.
   */
  sample(roots: readonly number[], known: ReadonlyMap<number, number>): Promise<Map<number, ProcSample>>;
  /** Release every resource (file descriptors, child processes). Idempotent. */
  close(): void;
}
