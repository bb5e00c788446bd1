// Reference observer for the bench: the raw /proc floor of a Node observer. It follows the tree
// under a root pid by what the kernel already keeps: per known process, one kept-open fd on
// /proc/<pid>/stat (state, ppid, CPU times, RSS) and one on /proc/<pid>/task/<pid>/children (new
// processes), both re-read with a positional read into one buffer each tick. No environment,
// no name, no events: the least any observer of this tree must do at this rate.
//
//   node proc-floor.mjs <root pid> <hz>
//
// Runs until SIGTERM; exits 0 then.
import { closeSync, openSync, readSync } from 'node:fs';

const root = Number(process.argv[2]);
const hz = Number(process.argv[3]);
if (!Number.isInteger(root) || !(hz > 0)) {
  process.stderr.write('usage: proc-floor.mjs <root pid> <hz>\n');
  process.exit(2);
}
process.on('SIGTERM', () => process.exit(0));

const buf = Buffer.allocUnsafe(64 * 1024);
/** pid → its two fds. */
const known = new Map();

function track(pid) {
  if (known.has(pid)) return;
  try {
    const stat = openSync(`/proc/${pid}/stat`, 'r');
    let children = -1;
    try {
      children = openSync(`/proc/${pid}/task/${pid}/children`, 'r');
    } catch {
      // A zombie has no task children file to open: its stat is enough.
    }
    known.set(pid, { stat, children });
  } catch {
    // Gone before we met it.
  }
}

function drop(pid, fds) {
  closeSync(fds.stat);
  if (fds.children >= 0) closeSync(fds.children);
  known.delete(pid);
}

function tick() {
  const fresh = [];
  for (const [pid, fds] of known) {
    let len;
    try {
      len = readSync(fds.stat, buf, 0, buf.length, 0);
    } catch {
      drop(pid, fds); // ESRCH: the process was reaped.
      continue;
    }
    const s = buf.toString('latin1', 0, len);
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    if (f.length < 22) continue;
    if (fds.children < 0) continue;
    try {
      const n = readSync(fds.children, buf, 0, buf.length, 0);
      const text = buf.toString('latin1', 0, n).trim();
      if (text) for (const c of text.split(' ')) if (!known.has(Number(c))) fresh.push(Number(c));
    } catch {
      // Reaped between the two reads.
    }
  }
  for (const pid of fresh) track(pid);
}

track(root);
const period = 1000 / hz;
let next = performance.now();
for (;;) {
  tick();
  next += period;
  await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
}
