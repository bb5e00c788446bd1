/** Starting a run's root: an experiment's main (the lab-main program), or a program to observe. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { PythonSession } from '../python/session';
import type { RunTarget } from './handle';

const POSIX = process.platform !== 'win32';

/** Starts the root of run `runId` as a child of this process, in a process group of its own. */
export function spawnMain(target: RunTarget, runId: string, workersDir: string, python?: PythonSession): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROCESS_LAB_RUN: runId,
    PROCESS_LAB_SUPERVISOR: String(process.pid),
  };
  // Inside Electron, process.execPath is the Electron binary: this makes it behave as Node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  // detached: main leads a new process group, so the whole run (orphans that stay in the
  // group included) can be ended with one kill(-pgid) and never touches the app's own group.
  // A traced Python program: the interpreter with the tracer's env (it loads in every Python
  // process of the run, children started by fork, spawn or forkserver too).
  if (python)
    return spawn(python.command, python.args, {
      detached: POSIX,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: python.env(env, runId),
      ...(python.cwd ? { cwd: python.cwd } : {}),
    });
  return target.kind === 'experiment'
    ? fork(join(workersDir, 'lab-main.js'), [target.experiment, JSON.stringify(target.options)], {
        detached: POSIX,
        stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
        env,
        execPath: process.execPath,
        execArgv: [],
        serialization: 'json',
      })
    : spawn(target.command, target.args, { detached: POSIX, stdio: ['ignore', 'pipe', 'pipe'], env });
}
