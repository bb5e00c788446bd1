/**
 * Parking main: blocking its event loop so that it does not reap its children — a parent that
 * "does not call wait()". Node reaps exited children from its event loop (libuv's SIGCHLD
 * handler), so while the loop is blocked in `Atomics.wait`, every child that exits stays a real
 * zombie. A worker thread keeps listening on stdin: the line `reap` wakes main (the loop runs
 * again and libuv reaps at once); end of file means the app is gone, and the worker ends the
 * whole process group, since main itself can no longer react to anything.
 */
import { Worker } from 'node:worker_threads';

// Runs in the worker thread. Blocking reads on fd 0 (a non-blocking pipe: EAGAIN until data
// arrives, so retry with a short wait), one line at a time.
const WATCHER = `
const { readSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.sab);
const nap = new Int32Array(new SharedArrayBuffer(4));
const buf = Buffer.alloc(256);
let line = '';
for (;;) {
  let n;
  try {
    n = readSync(0, buf, 0, buf.length, null);
  } catch (err) {
    if (err.code === 'EAGAIN') { Atomics.wait(nap, 0, 0, 20); continue; }
    n = 0;
  }
  if (n === 0) {
    // The supervisor closed our stdin: it has died. End the run's whole group (SIGKILL: nobody
    // is left to wait for a graceful exit), this main included.
    try { process.kill(-process.pid, 'SIGKILL'); } catch { process.kill(process.pid, 'SIGKILL'); }
    break;
  }
  line += buf.toString('utf8', 0, n);
  let i;
  while ((i = line.indexOf('\\n')) >= 0) {
    const cmd = line.slice(0, i).trim();
    line = line.slice(i + 1);
    if (cmd === 'reap') { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
  }
  if (Atomics.load(flag, 0) === 1) break;
}
`;

/**
 * Blocks main's event loop until the supervisor writes `reap` on main's stdin. Returns how long
 * main was parked, in ms.
 */
export function parkUntilReap(): number {
  const sab = new SharedArrayBuffer(4);
  const flag = new Int32Array(sab);
  const worker = new Worker(WATCHER, { eval: true, workerData: { sab } });
  worker.unref();
  const t = performance.now();
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 1000);
  return performance.now() - t;
}
