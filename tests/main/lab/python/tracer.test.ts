import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallMessage, TraceMessage } from '../../../../contract/python-trace';
import { waitFor } from '../../../helpers/wait';
import { cleanup, startMethods, traced } from './traced';

afterAll(cleanup);

const methods = await startMethods();
const hellos = (ms: TraceMessage[]) => ms.filter((m) => m.type === 'hello');
const lines = (ms: TraceMessage[], pid: number) =>
  ms.flatMap((m) => (m.type === 'log' && m.pid === pid ? [m.line] : []));

const LIFECYCLE = `
from multiprocessing import Event, Process
import time
def foo(started):
    print('child start', flush=True)
    started.set()
    time.sleep(30)
if __name__ == '__main__':
    started = Event()
    p = Process(target=foo, name='rocky', args=(started,))
    p.start()
    # Until the child runs its target: a spawn child's fresh interpreter can take more than the
    # 0.5 s once slept here on a busy machine, and a child ended before its bootstrap says nothing.
    started.wait(30)
    print('before', p.is_alive())
    p.terminate()
    print('right after', p.is_alive())
    p.join()
    print('after', p.is_alive(), p.exitcode)
`;

describe('the tracer in a real multiprocessing program', () => {
  it.each(methods)('records start, is_alive, terminate and join with their answers (%s)', async (method) => {
    const run = await traced({ code: LIFECYCLE, startMethod: method });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.malformed).toEqual([]);
    // The program's own output is untouched.
    expect(run.stdout).toMatch(/^before True\nright after (True|False)\nafter False -15\n$/m);

    const [start] = run.calls('Process.start');
    expect(start).toMatchObject({
      pid: run.mainPid,
      by: 'program',
      name: 'rocky',
      daemon: false,
      targetName: 'foo',
      method,
    });
    const child = start!.target!;
    expect(child).toBeGreaterThan(1);
    expect(start!.endT).toBeGreaterThanOrEqual(start!.t);

    // Each is_alive() answer recorded is the one the program printed (right after terminate()
    // it is normally still True, as the lecture says: the OS has not ended the child yet).
    const printed = /right after (True|False)/.exec(run.stdout)![1] === 'True';
    const alive = run.calls('Process.is_alive').filter((c) => c.by === 'program');
    expect(alive.map((c) => [c.target, c.result])).toEqual([
      [child, true],
      [child, printed],
      [child, false],
    ]);
    const [term] = run.calls('Process.terminate');
    expect(term).toMatchObject({ target: child, by: 'program' });
    // terminate() is a kill(pid, SIGTERM) made by multiprocessing inside it.
    const kill = run.calls('os.kill').find((c) => c.within === 'Process.terminate');
    expect(kill).toMatchObject({ target: child, signal: 'SIGTERM', by: 'multiprocessing' });

    const [join] = run.calls('Process.join');
    expect(join).toMatchObject({ target: child, result: -15 });
    expect(join!.endT).toBeGreaterThanOrEqual(join!.t);
    expect(join!.t).toBeGreaterThanOrEqual(term!.endT!);
    expect(run.calls('Process.exitcode')).toMatchObject([{ target: child, result: -15 }]);
    // Who reaped the child: main's waitpid inside join (fork, spawn), or the forkserver's own loop.
    const reap = run
      .calls()
      .find((c) => c.api === 'os.waitpid' && typeof c.result === 'object' && c.result?.pid === child);
    expect(reap?.result).toMatchObject({ pid: child, exitCode: null, signal: 'SIGTERM' });
    expect(reap?.pid).toBe(
      method === 'forkserver'
        ? hellos(run.messages).find((h) => h.argv.join(' ').includes('forkserver'))?.pid
        : run.mainPid,
    );

    // The child said who it is, and its print is attributed to it.
    expect(run.messages).toContainEqual(
      expect.objectContaining({ type: 'process', pid: child, name: 'rocky', daemon: false }),
    );
    expect(lines(run.messages, child)).toEqual(['child start']);
    expect(run.stdout).toContain('child start\n');
    expect(lines(run.messages, run.mainPid)).toEqual([
      'before True',
      `right after ${printed ? 'True' : 'False'}`,
      'after False -15',
    ]);

    const main = hellos(run.messages).find((h) => h.pid === run.mainPid);
    expect(main).toMatchObject({ forked: false, startMethodForced: method, run: expect.any(String) });
    expect(run.leftInDir).toEqual(['prog.py']);
  });

  it('records a zombie made with os.fork() and the waitpid that reaps it (pid and status)', async () => {
    const code = `
import os, sys
pid = os.fork()
if pid == 0:
    os._exit(7)
print('forked', pid, flush=True)
sys.stdin.readline()          # the test lets us wait only once it has seen the Z
print('reaped', os.waitpid(pid, 0), flush=True)
`;
    let child = 0;
    let stateBefore = '';
    const run = await traced({
      code,
      during: async (proc, messages) => {
        const exit = await waitFor(
          () => messages.find((m) => m.type === 'exit' && m.ppid === proc.pid),
          "the forked child's os._exit",
        );
        child = exit.pid;
        // A real zombie: the OS keeps it as Z until main waits.
        stateBefore = await waitFor(() => {
          const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
          const s = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
          return s === 'Z' ? s : null;
        }, 'the child to be a zombie');
        proc.stdin!.end('go\n');
      },
    });
    expect(stateBefore).toBe('Z');
    expect(run.code).toBe(0);
    const forks = run.calls('os.fork');
    expect(forks.find((f) => f.pid === run.mainPid)).toMatchObject({ result: child, target: child, by: 'program' });
    expect(forks.find((f) => f.pid === child)).toMatchObject({ result: 0 });
    expect(run.calls('os._exit')).toMatchObject([{ pid: child, result: 7 }]);
    const [wait] = run.calls('os.waitpid');
    expect(wait).toMatchObject({ pid: run.mainPid, target: child, nohang: false });
    expect(wait!.result).toEqual({ pid: child, status: 7 << 8, exitCode: 7, signal: null });
    expect(run.stdout).toContain(`reaped (${child}, ${7 << 8})`);
    // Reaped: the zombie is gone from the OS.
    expect(() => readFileSync(`/proc/${child}/stat`)).toThrow();
    // The forked child announced itself as main's copy.
    expect(hellos(run.messages).find((h) => h.pid === child)).toMatchObject({ forked: true, ppid: run.mainPid });
  });

  it.each(methods.filter((m) => m !== 'fork'))(
    'traces %s children, fresh interpreters: their hello, bootstrap and prints arrive',
    async (method) => {
      const code = `
import multiprocessing as mp, os
def hi(n):
    print('hi from', n, os.getpid())
if __name__ == '__main__':
    mp.set_start_method('${method}')
    ps = [mp.Process(target=hi, args=(i,)) for i in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print('done', [p.exitcode for p in ps])
`;
      const run = await traced({ code });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('done [0, 0]');
      const starts = run.calls('Process.start');
      expect(starts.map((s) => s.method)).toEqual([method, method]);
      for (const [i, s] of starts.entries()) {
        const pid = s.target!;
        const hello = hellos(run.messages).find((h) => h.pid === pid);
        // spawn: a fresh interpreter (not forked) whose parent is main; forkserver: forked by the server.
        expect(hello).toMatchObject(method === 'spawn' ? { forked: false, ppid: run.mainPid } : { forked: true });
        expect(run.messages).toContainEqual(
          expect.objectContaining({ type: 'process', pid, name: `Process-${i + 1}` }),
        );
        expect(lines(run.messages, pid)).toEqual([`hi from ${i} ${pid}`]);
        expect(run.stdout).toContain(`hi from ${i} ${pid}\n`);
        expect(run.messages).toContainEqual(expect.objectContaining({ type: 'main-end', pid, where: 'target' }));
      }
      expect(run.malformed).toEqual([]);
    },
  );

  it("reports main's code end before multiprocessing terminates the daemon (the daemon rule)", async () => {
    const code = `
from multiprocessing import Process
import time
if __name__ == '__main__':
    d = Process(target=time.sleep, args=(30,), daemon=True)
    d.start()
    time.sleep(0.3)
    print('main code ends')
`;
    const run = await traced({ code, startMethod: 'fork' });
    expect(run.code).toBe(0);
    const d = run.calls('Process.start')[0]!.target!;
    const end = run.messages.find((m) => m.type === 'main-end' && m.pid === run.mainPid);
    // Not the program's call: multiprocessing's atexit handler sends the daemon SIGTERM (through
    // its Popen, not Process.terminate()), after main's code ended.
    const term = run.calls('os.kill').find((c) => c.target === d);
    expect(end).toBeDefined();
    expect(term).toMatchObject({ by: 'multiprocessing', signal: 'SIGTERM' });
    expect(run.calls('Process.terminate')).toEqual([]);
    expect(term!.t).toBeGreaterThanOrEqual(end!.t);
    const exit = run.messages.find((m) => m.type === 'exit' && m.pid === run.mainPid);
    expect(exit).toMatchObject({ how: 'atexit' });
    expect(exit!.t).toBeGreaterThanOrEqual(term!.t);
  });

  it('scales time.sleep only when asked, and says so', async () => {
    const code = `
import time
t = time.monotonic(); time.sleep(10); print('slept', round(time.monotonic() - t, 1))
`;
    const run = await traced({ code, timeScale: 0.02 });
    expect(run.code).toBe(0);
    // 10 s asked, 0.2 s slept.
    expect(Number(run.stdout.split(' ')[1])).toBeLessThan(5);
    expect(hellos(run.messages)[0]).toMatchObject({ timeScale: 0.02, note: 'sleeps scaled x0.02' });
    const plain = await traced({ code: 'import time; print(time.sleep.__module__)' });
    expect(plain.stdout.trim()).toBe('time');
    expect(hellos(plain.messages)[0]).not.toHaveProperty('timeScale');
  });

  it('attributes a failed call to its caller and raises the same error (a daemon may not have children)', async () => {
    const code = `
from multiprocessing import Process
def inner(): pass
def outer():
    try:
        Process(target=inner).start()
    except AssertionError as e:
        print('refused:', e)
if __name__ == '__main__':
    p = Process(target=outer, daemon=True); p.start(); p.join()
`;
    const run = await traced({ code, startMethod: 'fork' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('refused: daemonic processes are not allowed to have children');
    const failed = run.calls('Process.start').find((c) => c.error !== undefined) as CallMessage;
    expect(failed.error).toContain('daemonic processes are not allowed to have children');
    const daemon = run.calls('Process.start').find((c) => c.pid === run.mainPid)!;
    expect(failed.pid).toBe(daemon.target);
  });
});
