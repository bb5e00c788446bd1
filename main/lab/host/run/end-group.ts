/** Ending what is left of a run: its process group, and every pid still carrying its run id. */
import { delay, sharedNow } from '../../common/clock';

const POSIX = process.platform !== 'win32';

/** Whether the process group led by `pgid` still has a member (one kill(0): nothing is sent). */
export function groupAlive(pgid: number): boolean {
  if (!POSIX) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends every process of the run led by `mainPid`: SIGTERM to the group and to each pid of
 * `remaining()` (an orphan that left the group), then SIGKILL after `graceMs` for what did not
 * go. True once none is left.
 */
export async function endGroup(mainPid: number, remaining: () => number[], graceMs: number): Promise<boolean> {
  const send = (sig: NodeJS.Signals): boolean => {
    let any = false;
    if (POSIX) {
      try {
        process.kill(-mainPid, sig);
        any = true;
      } catch {
        // ESRCH: the group is already empty.
      }
    }
    for (const pid of remaining()) {
      try {
        process.kill(pid, sig);
        any = true;
      } catch {
        // Already gone.
      }
    }
    return any;
  };
  if (!send('SIGTERM')) return true;
  // The group first: one kill(0). Only once it is empty are the remaining pids looked for
  // (an orphan that left the group), not on every 20 ms poll.
  const gone = (): boolean => !groupAlive(mainPid) && remaining().length === 0;
  const until = sharedNow() + graceMs;
  while (!gone() && sharedNow() < until) await delay(20);
  if (gone()) return true;
  send('SIGKILL');
  const hard = sharedNow() + 2000;
  while (!gone() && sharedNow() < hard) await delay(20);
  return gone();
}
