import { constants } from 'node:os';

/** Signals the lab lets a user send, and why each one is there. */
export const LAB_SIGNALS = [
  'SIGTERM', // Python's Process.terminate(): a polite request the child may handle
  'SIGKILL', // Process.kill(): cannot be caught, the kernel ends the process
  'SIGSTOP', // freeze (state T), POSIX only
  'SIGCONT', // resume after SIGSTOP
  'SIGINT', // what Ctrl+C sends
] as const;
export type LabSignal = (typeof LAB_SIGNALS)[number];

/** The signal's number on this platform, e.g. 15 for SIGTERM on Linux. */
export function signalNumber(name: string): number | null {
  const n = (constants.signals as Record<string, number | undefined>)[name];
  return typeof n === 'number' ? n : null;
}

/**
 * Python's `Process.exitcode`: the exit status when the process exited, or `-N` when signal N
 * ended it (e.g. -15 after `terminate()`, -9 after `kill()`).
 */
export function pyExitcode(exitCode: number | null, signal: string | null): number | null {
  if (signal) {
    const n = signalNumber(signal);
    return n === null ? null : -n;
  }
  return exitCode;
}
