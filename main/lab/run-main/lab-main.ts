/**
 * Worker program: an experiment's own "main" (the lecture's `if __name__ == '__main__':`).
 * The supervisor forks it as the root of a run, in its own process group; it runs the
 * experiment's script, which starts the experiment's children, then behaves as Python's
 * interpreter does at the end of the main module: daemon children are terminated, the others
 * are joined, and only then does main exit.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedNow } from '../common/clock';
import { report } from './channel';
import { createMainContext } from './main-context';
import { allProcesses, setWorkersDir } from './py-process';
import { MAIN_SCRIPTS } from './scripts';
import type { ExperimentOptions } from '../experiments/types';

setWorkersDir(dirname(fileURLToPath(import.meta.url)));

// The app is gone (closed, crashed, or kill -9): nobody can watch or end this run any more, so
// end the whole process group now — this main, its children, and any orphans still in it.
// SIGKILL rather than SIGTERM: there is no one left to wait for a graceful end.
process.on('disconnect', () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
});

async function finish(code: number): Promise<never> {
  await report({ k: 'mark', label: 'main-exit', at: sharedNow() });
  process.exit(code);
}

const [id, rawOpts] = process.argv.slice(2);
const script = id && Object.hasOwn(MAIN_SCRIPTS, id) ? MAIN_SCRIPTS[id] : undefined;
if (!script) {
  process.stderr.write(`unknown experiment ${String(id)}\n`);
  process.exit(2);
}
const opts = JSON.parse(rawOpts ?? '{}') as ExperimentOptions;
const ctx = createMainContext(opts.timeScale);
await report({ k: 'ready', at: sharedNow() });

let code = 0;
try {
  await script(ctx, opts);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  code = 1;
}
// Python at the end of the main module: multiprocessing's atexit handler terminates the daemon
// children still alive, then joins every other child. The mark shows the moment on the timeline.
ctx.mark('main-code-finished');
for (const p of allProcesses()) if (p.daemon && p.is_alive()) p.terminate();
for (const p of allProcesses()) if (p.pid !== null) await p.join();
await finish(code);
