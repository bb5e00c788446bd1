/**
 * Lecture row 10, 僵尸进程: children that ended while their parent has not called `wait()` stay
 * in the process table as real zombies (state Z) — harmless once the parent reaps them or dies
 * (its adopter reaps them), harmful when a parent that never dies piles them up, each holding a
 * pid. The parent here is the run's main, parked with its event loop blocked: it does not wait.
 */
import { readFileSync } from 'node:fs';
import type { ProcRecord } from '../../../../contract/process';
import type { FactValue } from '../../../../contract/report';
import type { RunHandle } from '../../host/run/run';
import { firstEvent, markMs, ms } from '../../host/conduct-helpers';
import type { ExperimentDef, ExperimentOptions } from '../types';

const LECTURE = `# 僵尸进程: 父进程的子进程结束的时候父进程没有 wait() 情况下子进程会变成僵尸进程
'''
情况1 无害: 父进程等着子进程都死完, 回收僵尸进程
情况2 无害: 父进程死了, 子进程活着, 都要被 init 进程接管并且回收
情况3 有害: 父进程一直不死, 造成了大量僵尸进程, 占用大量的 pid 号 (pid 号是有限的)
解决方案: 最直接的办法就是杀死父进程
'''`;

const LAB_CODE = `// main = the parent that does not wait
children = range(N).map(i => Process({ target: 'exit-on-eof', stdin: true }))
for (p of children) p.start()
for (p of children) p.closeStdin()       // each ends on end-of-file
park()          // event loop blocked: Node reaps children only from its loop → they stay Z
// --end reap:        the lab writes "reap" on main's stdin → loop resumes → waitpid() each
// --end kill-parent: the lab sends SIGKILL to main → the kernel re-parents the zombies to
//                    pid 1 (or the nearest subreaper), which reaps them
// --pile-up:         N tiny children (head -c 1), all ended at once, never waited for`;

/** The pid limit the kernel enforces, and the cgroup's if tighter. */
function pidLimits(): { pidMax: number | null; cgroupPidsMax: number | null } {
  const read = (f: string): number | null => {
    try {
      const n = Number(readFileSync(f, 'utf8').trim());
      return Number.isFinite(n) ? n : null;
    } catch {
      return null;
    }
  };
  return { pidMax: read('/proc/sys/kernel/pid_max'), cgroupPidsMax: read('/sys/fs/cgroup/pids.max') };
}

/** Main's children that are meant to become zombies (all but the witness). */
function zombieKids(run: RunHandle): ProcRecord[] {
  return run.records().filter((r) => r.role !== 'main' && r.name !== 'witness');
}

export const zombie: ExperimentDef = {
  id: 'zombie',
  concepts: [10],
  title: { en: 'Zombie processes', zh: '僵尸进程' },
  summary: {
    en: 'Children of a parent that does not wait() stay as real zombies (Z) until reaped, or until the parent dies.',
    zh: '父进程不调用 wait() 时,结束的子进程成为真正的僵尸进程(Z),直到被回收或父进程死亡。',
  },
  options: [
    {
      key: 'children',
      kind: 'number',
      integer: true,
      min: 1,
      max: 2000,
      default: 3,
      help: { en: 'how many children become zombies', zh: '变成僵尸的子进程数量' },
    },
    {
      key: 'end',
      kind: 'enum',
      choices: ['reap', 'kill-parent', 'none'],
      default: 'reap',
      help: {
        en: 'how the zombies go: the parent reaps them, the parent is killed (the adopter reaps), or neither until the run ends',
        zh: '僵尸如何消失:父进程回收 / 杀死父进程(由收养者回收)/ 都不做,直到实验结束',
      },
    },
    {
      key: 'pileUp',
      kind: 'boolean',
      default: false,
      help: {
        en: 'a parent that never waits makes many zombies, holding pids',
        zh: '永不 wait 的父进程制造大量僵尸,占用 pid',
      },
    },
    {
      key: 'holdMs',
      kind: 'number',
      min: 0,
      max: 60_000,
      default: 1500,
      help: {
        en: 'how long the zombies are kept before the end action, ms (scaled)',
        zh: '执行结束动作前僵尸保留的时长(毫秒,按比例缩放)',
      },
    },
  ],
  lecture: LECTURE,
  labCode: LAB_CODE,
  unsupported: {
    win32: {
      en: 'Windows has no zombies: a process that ends is gone from the process list at once, and its exit code is kept in a handle instead. There is nothing to reap.',
      zh: 'Windows 没有僵尸进程:进程结束后立即从进程列表消失,退出码保存在句柄中,没有"回收"这一步。',
    },
  },
  expectedMs: (opts) => 300 * opts.timeScale + (opts.holdMs as number) * opts.timeScale + 3000 / opts.hz + 1000,
  async main(ctx, opts) {
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
  },
  async conduct(run, opts) {
    return conductZombie(run, opts);
  },
};

async function conductZombie(run: RunHandle, opts: ExperimentOptions): Promise<void> {
  const n = opts.children as number;
  let max = 0;
  const seen = new Set<number>();
  const count = (): number => {
    const z = zombieKids(run).filter((r) => r.state === 'Z');
    for (const r of z) seen.add(r.pid);
    max = Math.max(max, z.length);
    // Kept current, so a run stopped half-way still reports the zombies it showed (none seen:
    // no fact, so the view gives no answer rather than "there were none").
    if (seen.size > 0) {
      run.fact('zombiesSeen', seen.size);
      run.fact('maxZombiesAtOnce', max);
    }
    return z.length;
  };
  const limits = pidLimits();
  run.fact('pidMax', limits.pidMax);
  run.fact('cgroupPidsMax', limits.cgroupPidsMax);
  await run.waitUntil(() => count() >= n, 10_000 + n * 20, `${n} zombies`);
  const hold = (opts.holdMs as number) * opts.timeScale;
  const holdUntil = Date.now() + hold;
  await run.waitUntil(() => (count(), Date.now() >= holdUntil), hold + 5000, 'the hold time');
  if (limits.pidMax) run.fact('pidsHeldPercentOfPidMax', Math.round((max / limits.pidMax) * 10_000) / 100);

  const zombies = (): ProcRecord[] => zombieKids(run).filter((r) => seen.has(r.pid));
  const allGone = (): boolean => zombies().every((r) => r.state === 'exited');
  let reapedBy: FactValue = null;
  if (opts.end === 'reap') {
    run.command('reap');
    await run.waitUntil(allGone, 10_000, 'the parent to reap');
    const byParent = zombies().every((r) => firstEvent(run, r.pid, 'reaped')?.by === run.mainPid);
    reapedBy = byParent ? 'parent' : null;
  } else if (opts.end === 'kill-parent') {
    // SIGKILL: the lecture's fix, "kill the parent". It cannot be caught, so the parent cannot
    // reap on its way out: the zombies really are handed to an adopter.
    run.signal(run.mainPid, 'SIGKILL', 'lab');
    await run.waitUntil(allGone, 10_000, 'the adopter to reap');
    const moved = zombies()
      .map((r) => firstEvent(run, r.pid, 'reparented'))
      .find((e) => e !== undefined);
    const witness = run.records().find((r) => r.name === 'witness');
    if (!moved && witness) await run.waitUntil(() => witness.ppids.length > 1, 5000, 'the witness to be adopted');
    const adopted = moved ?? firstEvent(run, witness?.pid, 'reparented');
    reapedBy = adopted ? { pid: adopted.to, name: adopted.toName, seenOn: moved ? 'zombie' : 'witness' } : null;
    if (witness && witness.state !== 'exited') run.signal(witness.pid, 'SIGTERM', 'lab');
  }
  // With end=none main is still parked: the lesson is over, so the run ends its group now (the
  // adopter reaps the zombies after that).
  if (opts.end !== 'reap') run.endNow();
  run.fact('end', opts.end as string);
  run.fact('reapedBy', reapedBy);
  run.fact('parentStopsWaitingMs', markMs(run, 'parent-stops-waiting'));
  run.fact(
    'zombiesGoneMs',
    opts.end === 'none'
      ? null
      : ms(
          Math.max(
            ...zombies().map((r) => firstEvent(run, r.pid, 'vanished')?.t ?? firstEvent(run, r.pid, 'reaped')?.t ?? 0),
          ),
        ),
  );
}
