/**
 * What the engine accepts and answers with, for every side: the signals a lab process may be
 * sent, the ranges of the two options every run takes, and the error codes.
 */

/**
 * Signals the view may send to a lab process. An allow-list, not "any signal": SIGTERM
 * (`terminate()`), SIGKILL (`kill()`), SIGSTOP/SIGCONT (freeze and resume, state `T`) and SIGINT
 * (Ctrl+C) are what the lecture talks about; nothing else has a reason to cross the door.
 */
export const LAB_SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT', 'SIGINT'] as const;
/** One of {@link LAB_SIGNALS}. */
export type LabSignal = (typeof LAB_SIGNALS)[number];

/**
 * The ranges and defaults of the two options every run takes. One source for the engine's
 * schema, the sampler's checks and the view's settings dialog.
 */
export const RUN_LIMITS = {
  /**
   * Sampling rate of the process table, ticks per second, or {@link HZ_AUTO} (the default): the
   * engine samples as fast as a CPU budget allows and at once after any hint of a change.
   */
  hz: { min: 0.2, max: 50, default: 0, auto: 0 },
  /** Multiplier of every duration (0.2 = five times faster). */
  timeScale: { min: 0.01, max: 10, default: 1 },
} as const;

/** The `hz` value that means "auto" (the rate chosen by cost, see the sampler). */
export const HZ_AUTO = RUN_LIMITS.hz.auto;

/** Whether `hz` is an accepted rate: {@link HZ_AUTO}, or a fixed rate within the limits. */
export function isValidHz(hz: unknown): hz is number {
  return (
    typeof hz === 'number' &&
    (hz === HZ_AUTO || (Number.isFinite(hz) && hz >= RUN_LIMITS.hz.min && hz <= RUN_LIMITS.hz.max))
  );
}

/**
 * The rate an experiment may count on when it sizes its waits (a process held long enough to
 * be seen): the fixed rate, or for auto 2 Hz — the old fixed default, which the auto rate of an
 * experiment's small run stays well above (it drops to ~2 Hz only at hundreds of processes),
 * besides sampling at once after each of main's messages.
 */
export function planningHz(hz: number): number {
  return hz === HZ_AUTO ? 2 : hz;
}

/** The engine's own error codes (thrown as a LabError, shown by the door and the CLI as they are). */
export const ENGINE_ERROR_CODES = [
  'not-lab-process', // the pid is not one the lab started (or it has ended)
  'unsupported-platform', // e.g. SIGSTOP on Windows
  'bad-options', // an experiment option failed validation
  'unknown-experiment',
  'busy', // a run is already going where only one is allowed
  'not-possible', // the action makes no sense for this process now
  'run-ended', // waited for something in a run whose processes are all gone (it was stopped)
  'no-python', // no usable Python interpreter (none found, or the one named does not run)
  'unknown-program', // "Your program": an id not in the server's programs folder
] as const;
/** One of {@link ENGINE_ERROR_CODES}. */
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/**
 * Why a call failed. The engine's own codes, then the door's: which run (`unknown-run`), who asked (`untrusted-sender`),
 * what they asked (`unknown-channel`, `bad-request`), and failures of the transport.
 */
export const LAB_ERROR_CODES = [
  ...ENGINE_ERROR_CODES,
  'unknown-run',
  'untrusted-sender',
  'unknown-channel',
  'bad-request',
  'unavailable',
  'internal',
] as const;
/** One of {@link LAB_ERROR_CODES}. */
export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];
