// Reference observer for the bench: the naive way, written straight on the two libraries the
// lab depends on. Every tick: pidtree(root) (which spawns `ps -A -o ppid,pid` on Linux), then
// pidusage over the list. Plain JavaScript, run by bare `node`, so no loader adds to its cost.
//
//   node pidtree-pidusage.mjs <root pid> <hz>
//
// Runs until SIGTERM; exits 0 then, so its parent's rusage counts it (and its reaped ps children).
import pidtree from 'pidtree';
import pidusage from 'pidusage';

const root = Number(process.argv[2]);
const hz = Number(process.argv[3]);
if (!Number.isInteger(root) || !(hz > 0)) {
  process.stderr.write('usage: pidtree-pidusage.mjs <root pid> <hz>\n');
  process.exit(2);
}
// SIGTERM is how the bench ends us: leave at once, as a real observer's Ctrl+C would.
process.on('SIGTERM', () => process.exit(0));

const period = 1000 / hz;
let next = performance.now();
let seen = 0;
for (;;) {
  try {
    const list = await pidtree(root, { root: true });
    const stats = await pidusage(list);
    seen = Math.max(seen, Object.keys(stats).length);
  } catch {
    // A process ended between the two calls: the next tick sees the new tree.
  }
  next += period;
  await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
}
