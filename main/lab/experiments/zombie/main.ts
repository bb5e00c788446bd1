/** The zombie experiment's main script: runs in the run's own main child (what it shows: ./info.ts). */
import type { MainScript } from '../../run-main/main-context';

export const main: MainScript = async (ctx, opts) => {
  const n = opts.children as number;
  if (opts.pileUp) {
    // Many tiny children (`head -c 1` waits on its stdin), so that hundreds of zombies cost
    // pids, not memory. Closing our end of their stdin pipes is synchronous, and main parks
    // right after: each child sees end-of-file and exits only once nobody will reap it. (An
    // asynchronous write would let the event loop run, and reap the first ones to exit.)
    const tiny = Array.from({ length: n }, (_, i) =>
      ctx.spawnCommand(`zombie-${i + 1}`, 'head', ['-c', '1'], { stdin: true }),
    );
    for (const c of tiny) c.stdin?.destroy();
    ctx.mark('parent-stops-waiting');
    const parked = ctx.park();
    ctx.mark('parent-waits', Math.round(parked));
    await Promise.all(
      tiny.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))),
    );
    return;
  }
  const kids = Array.from({ length: n }, () => ctx.Process({ target: 'exit-on-eof', stdin: true }));
  // The witness outlives main on purpose: its new ppid, read by the sampler, names the adopter
  // that also reaps the zombies when main is killed (they may vanish too fast to be seen moved).
  const witness =
    opts.end === 'kill-parent' ? ctx.Process({ target: 'orphan', args: [ctx.scale(60_000)], name: 'witness' }) : null;
  for (const p of kids) p.start();
  witness?.start();
  await Promise.all([...kids, ...(witness ? [witness] : [])].map((p) => p.waitReady()));
  // Every child is alive. Closing their stdin is synchronous and main parks right after, so
  // none can exit (and be reaped) before main stops waiting.
  for (const p of kids) p.closeStdin();
  ctx.mark('parent-stops-waiting');
  const parkedMs = ctx.park();
  // Woken by "reap": the loop runs again, libuv collects every exited child (waitpid).
  ctx.mark('parent-waits', Math.round(parkedMs));
  for (const p of kids) await p.join();
};
