import { constants } from 'node:os';

// The allow-list lives in the contract (the door checks requests against it); the engine
// enforces the same list for the CLI and tests.
export { LAB_SIGNALS, type LabSignal } from '../../../contract/ipc';

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
