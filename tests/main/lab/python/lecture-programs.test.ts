import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallMessage, TraceMessage } from '../../../../contract/python-trace';
import { cleanup, ROOT, startMethods, traced, type TracedRun } from './traced';

afterAll(cleanup);

const methods = await startMethods();
const IDS = [
  'parallel',
  'spawn',
  'isolation',
  'join',
  'lifecycle',
  'zombie',
  'orphan',
  'daemon',
  'ticket-race',
] as const;
type Id = (typeof IDS)[number];

/**
 * Time scale per program: small, but where the lesson depends on an order (the zombie's child
 * ends before main joins it; the orphan prints its first ppid before main leaves) long enough
 * that a spawn child, a fresh interpreter on a loaded 2-core machine, starts well inside it.
 */
const SCALE: Record<Id, number> = {
  parallel: 0.01,
  spawn: 0.01,
  isolation: 0.02,
  join: 0.02,
  lifecycle: 0.05,
  zombie: 0.25,
  orphan: 0.5,
  daemon: 0.05,
  'ticket-race': 0.01,
};

const logs = (ms: TraceMessage[], pid?: number) =>
  ms.flatMap((m) => (m.type === 'log' && (pid === undefined || m.pid === pid) ? [m.line] : []));
const starts = (run: TracedRun): CallMessage[] => run.calls('Process.start').filter((c) => c.pid === run.mainPid);

/** What each program's own trace must show, beyond running to exit 0. */
const CHECK: Record<Id, (run: TracedRun, method: string) => void> = {
  parallel(run) {
    const n = starts(run).length;
    expect(n % 2).toBe(0);
    expect(run.calls('Process.join').filter((j) => j.result === 0)).toHaveLength(n);
  },
  spawn(run) {
    expect(starts(run).map((s) => [s.name, s.targetName])).toEqual([
      ['Process-1', 'task1'],
      ['Nick', 'Task.run'],
      ['Process-3', 'task'],
    ]);
    const child = starts(run)[2]!.target!;
    // The child's own view of its pid and ppid, attributed to it.
    expect(logs(run.messages, child)).toContain(`在子进程中查看自己的pid ${child}`);
    expect(run.stdout).toContain(`在主进程查看子进程的pid ${child}`);
  },
  isolation(run) {
    expect(run.stdout).toContain('子进程的x 2\n');
    expect(run.stdout).toContain('主进程的x 100\n');
  },
  join(run) {
    expect(starts(run)).toHaveLength(6);
    expect(run.calls('Process.join').map((j) => j.result)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(logs(run.messages, run.mainPid).slice(0, 6)).toEqual([
      '进程1 start',
      '进程1 end',
      '进程2 start',
      '进程2 end',
      '进程3 start',
      '进程3 end',
    ]);
  },
  lifecycle(run) {
    const [p1, p2] = starts(run);
    expect([p1!.name, p2!.name]).toEqual(['Process-1', 'rocky']);
    expect(run.calls('Process.terminate')).toMatchObject([{ target: p1!.target }]);
    expect(run.calls('Process.kill')).toMatchObject([{ target: p2!.target }]);
    expect(run.calls('Process.join').map((j) => j.result)).toEqual([-15, -9]);
    expect(run.stdout).toContain('rocky -9\n');
  },
  zombie(run, method) {
    const child = starts(run)[0]!.target!;
    const exit = run.messages.find((m) => m.type === 'exit' && m.pid === child)!;
    const join = run.calls('Process.join')[0]!;
    // The child was gone (a zombie, unless its parent is the forkserver) before main joined.
    expect(exit.t).toBeLessThan(join.t);
    const reaper = run.calls('os.waitpid').find((w) => typeof w.result === 'object' && w.result?.pid === child);
    if (method === 'forkserver') expect(reaper?.pid).not.toBe(run.mainPid);
    else expect(reaper).toMatchObject({ pid: run.mainPid, within: 'Process.join' });
  },
  orphan(run, method) {
    const child = starts(run)[0]!.target!;
    const seen = logs(run.messages, child).map((l) => Number(l.split(' ')[2]));
    expect(seen).toHaveLength(2);
    if (method === 'forkserver') {
      // The child's parent is the forkserver, not main; every client (the child too) holds the
      // server's "alive" pipe, so it outlives main: no orphan, the same parent both times.
      expect(seen[0]).not.toBe(run.mainPid);
      expect(seen[1]).toBe(seen[0]);
    } else {
      // Main left with os._exit: the child, still running, has another parent the second time.
      expect(seen[0]).toBe(run.mainPid);
      expect(seen[1]).not.toBe(seen[0]);
    }
    expect(run.calls('os._exit').find((c) => c.pid === run.mainPid)).toMatchObject({ result: 0, by: 'program' });
  },
  daemon(run) {
    const [d, n] = starts(run);
    expect([d!.daemon, n!.daemon]).toEqual([true, false]);
    const end = run.messages.find((m) => m.type === 'main-end' && m.pid === run.mainPid)!;
    const killed = run.calls('os.kill').find((k) => k.target === d!.target)!;
    expect(killed).toMatchObject({ signal: 'SIGTERM', by: 'multiprocessing' });
    expect(killed.t).toBeGreaterThanOrEqual(end.t);
    // The other child ran to its end: main's exit waited for it.
    expect(logs(run.messages, n!.target!)).toEqual(['子进程 start', '子进程 end']);
  },
  'ticket-race'(run) {
    expect(starts(run)).toHaveLength(15);
    const lines = logs(run.messages);
    expect(lines.filter((l) => l.endsWith('抢票成功'))).toHaveLength(1);
    expect(lines.filter((l) => l === '票已经售空啦!!')).toHaveLength(14);
    expect(JSON.parse(readFileSync(join(run.dir, 'db.txt'), 'utf8'))).toEqual({ count: 0 });
  },
};

describe("the lecture's programs run under the tracer", () => {
  const cases = IDS.flatMap((id) => methods.map((m) => [id, m] as const));
  it.each(cases)('%s under %s', { timeout: 60_000 }, async (id, method) => {
    const file = join(ROOT, 'main/lab/experiments', id, 'lecture.py');
    expect(existsSync(file)).toBe(true);
    const run = await traced({ file, startMethod: method, timeScale: SCALE[id] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.malformed).toEqual([]);
    const main = run.messages.find((m) => m.type === 'hello' && m.pid === run.mainPid);
    expect(main).toMatchObject({ startMethodForced: method, timeScale: SCALE[id] });
    for (const s of starts(run)) expect(s.method).toBe(method);
    // Every line the tracer attributed reached the real stdout too.
    for (const line of logs(run.messages)) expect(run.stdout).toContain(line);
    CHECK[id](run, method);
    // Nothing of the tracer's left in the run's folder: the program's own files only.
    expect(run.leftInDir.filter((f) => f !== 'db.txt')).toEqual([]);
  });
});
