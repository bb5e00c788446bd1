/**
 * The process sampler: what every followed process looks like, a few times per second.
 *
 * - {@link Sampler} runs a back end on a timer (no overlapping ticks) or on demand.
 * - {@link createBackend} picks `proc` (Linux: kept-open `/proc/<pid>/stat` fds, ~4 ms per tick
 *   at 500 processes) or `portable` (pidtree + pidusage + one `ps`, for macOS/Windows).
 * - Both back ends return the same {@link ProcSample} shape, with CPU % computed by the same
 *   {@link CpuMeter}.
 *
 * @module
 */
export type { ProcSample, ProcState } from '../../../../contract/process';
export type { SamplerBackend } from './types';
export {
  Sampler,
  createBackend,
  resolveBackend,
  hasProcFs,
  DEFAULT_HZ,
  HZ_AUTO,
  AUTO_BUDGET,
  BOOST_BUDGET,
  BOOST_MS,
  MIN_HZ,
  MAX_HZ,
  type BackendChoice,
  type SamplerOptions,
  type SampleTargets,
  type TickInfo,
  type SamplingUsed,
} from './sampler';
export { ProcBackend, PROC_START_TOLERANCE_MS, type ProcBackendOptions, type ProcDiscovery } from './proc-backend';
export { PortableBackend, PORTABLE_START_SLACK_MS, type PortableBackendOptions } from './portable-backend';
export { CpuMeter, CPU_SMOOTHING_MS } from './cpu';
