/**
 * The lifeline of an observed program. An experiment's main ends its own group when the app's
 * end of its stdin closes (run-main/park.ts, worker/lifeline.ts); an arbitrary program cannot
 * be taught that. So beside it the run starts a tiny watcher (Node, `process-lab-lifeline` in
 * `ps`): its stdin is a pipe from the host, and when the host dies by any means (SIGKILL
 * included: the kernel closes the pipe), it SIGKILLs the observed program's group and every
 * process carrying the run's `PROCESS_LAB_RUN`, then exits.
 *
 * The watcher is a *sibling* of the observed program (both children of the host), not its
 * parent: the tree the student sees is the same as without it (the program's ppid is still
 * the host, nothing to fold). The run leaves the watcher out of its records and ends it
 * (SIGTERM: it then exits without touching anything) with the rest of the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const POSIX = process.platform !== 'win32';

// Runs in the watcher (`node -e`; argv[1] is the observed program's process group). Only
// processes that carry this run's id are signalled, and the group only while one of them is in
// it: once the group is empty its number may be reused by a stranger's group. Where there is no
// /proc (macOS) the group is signalled as is. Three passes: a process forked during the first
// scan is caught by the next.
const WATCHER = `
const { readdirSync, readFileSync } = require('node:fs');
process.title = 'process-lab-lifeline';
const pgid = Number(process.argv[1]);
const tag = 'PROCESS_LAB_RUN=' + process.env.PROCESS_LAB_RUN;
function tagged() {
  let names;
  try { names = readdirSync('/proc'); } catch { return null; }
  const out = [];
  for (const n of names) {
    if (!/^[0-9]+$/.test(n) || Number(n) === process.pid) continue;
    try {
      if (!readFileSync('/proc/' + n + '/environ', 'latin1').split('\\0').includes(tag)) continue;
      const stat = readFileSync('/proc/' + n + '/stat', 'latin1');
      out.push({ pid: Number(n), pgid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) });
    } catch {}
  }
  return out;
}
const kill = (pid) => { try { process.kill(pid, 'SIGKILL'); } catch {} };
let ending = false;
function leaderIsOurs() {
  try { return readFileSync('/proc/' + pgid + '/environ', 'latin1').split('\\0').includes(tag); } catch { return false; }
}
function endAll() {
  if (ending) return;
  ending = true;
  // The usual case first, before any scan: the program still leads its group.
  if (pgid > 1 && leaderIsOurs()) kill(-pgid);
  for (let pass = 0; pass < 3; pass++) {
    const t = tagged();
    if (t === null) { if (pgid > 1) kill(-pgid); break; }
    if (t.length === 0) break;
    if (pgid > 1 && t.some((p) => p.pgid === pgid)) kill(-pgid);
    for (const p of t) if (p.pid > 1) kill(p.pid);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
  }
  process.exit(0);
}
process.stdin.on('end', endAll);
process.stdin.on('close', endAll);
process.stdin.on('error', endAll);
process.stdin.resume();
`;

/** The watcher of one observed run, and how the run ends it. */
export interface Lifeline {
  /** The watcher's pid (to keep it out of the run's records). */
  readonly pid: number;
  /** Ends the watcher without it touching anything (the run ends its group itself). */
  release(): void;
}

/**
 * Starts the watcher of run `runId`, whose observed program leads process group `pgid`. Null
 * where there are no process groups (Windows) or the watcher could not be started: the run
 * goes on without one, as before.
 */
export function startLifeline(runId: string, pgid: number): Lifeline | null {
  if (!POSIX) return null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROCESS_LAB_RUN: runId,
    PROCESS_LAB_SUPERVISOR: String(process.pid),
  };
  // Inside Electron, process.execPath is the Electron binary: this makes it behave as Node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  let w: ChildProcess;
  try {
    // detached: its own session, so a Ctrl-C or hang-up meant for the host's terminal does not
    // end the watcher while the host is still ending the run. stdin: the pipe whose end of file
    // is the host's death (libuv opens the host's end close-on-exec: the observed program does
    // not hold it open).
    w = spawn(process.execPath, ['-e', WATCHER, String(pgid)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env,
    });
  } catch {
    return null;
  }
  w.on('error', () => undefined);
  w.stdin?.on('error', () => undefined);
  if (w.pid === undefined) return null;
  // Neither the watcher nor its pipe keeps the host alive (the CLI ends when its run does).
  w.unref();
  (w.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const pid = w.pid;
  return {
    pid,
    release() {
      // SIGTERM to our own unreaped child (its pid cannot have been reused): Node's default
      // action ends it, without the end-of-file path that kills the group.
      if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    },
  };
}
