/**
 * The experiment main's line to the supervisor. Messages are dropped silently when there is no
 * IPC channel (main run by hand for debugging) rather than crashing the lecture's script.
 */
import type { MainToSupervisor } from '../common/protocol';

/** Sends one message to the supervisor; resolves once it is handed to the OS. */
export function report(msg: MainToSupervisor): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}
