/**
 * Keeps lab processes from outliving the lab. The supervisor puts its pid in
 * `PROCESS_LAB_SUPERVISOR`; a process that must not die with its parent (an orphan, a main
 * parked in `Atomics.wait` can't use this) polls it and ends when the supervisor is gone.
 */
const POLL_MS = 500;

/** Starts polling the supervisor; exits this process when it has died. */
export function watchSupervisor(onGone: () => void = () => process.exit(0)): void {
  const pid = Number(process.env.PROCESS_LAB_SUPERVISOR);
  if (!Number.isInteger(pid) || pid <= 1) return;
  const timer = setInterval(() => {
    try {
      // Signal 0 sends nothing: it only asks the kernel whether the pid exists.
      process.kill(pid, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, POLL_MS);
  timer.unref();
}
