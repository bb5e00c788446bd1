/**
 * Lecture rows 8 and 9: `name`, `is_alive()`, `terminate()`, `kill()` in the lecture's order.
 * terminate() only *asks*: right after it the child is still alive; the delivery, the exit and
 * the reaping are separate moments, each recorded. After terminate() main parks (event loop
 * blocked, so it does not wait) until the lab has seen the exited-but-not-yet-reaped child as a
 * zombie in the OS, then joins it.
 */
import { firstEvent, mainExited, mainGone, markMs, ms } from '../../host/conduct-helpers';
import type { ExperimentDef } from '../types';

const LECTURE = `from multiprocessing import Process, current_process
import time

def foo():
    print('进程 start')
    print(current_process().name)
    time.sleep(2)
    print('进程 end')

if __name__ == '__main__':
    p1 = Process(target=foo)
    p2 = Process(target=foo, name='rocky')
    p1.start(); p2.start()
    print(p1.is_alive())   # True
    p1.terminate()         # 发送终止信号,并不等待
    print(p1.is_alive())   # True: 操作系统还没来得及结束它
    p1.join()
    print(p1.is_alive())   # False
    print(p1.exitcode)     # -15
    p2.kill(); p2.join()
    print(p2.name, p2.exitcode)   # rocky -9`;

const LAB_CODE = `p1 = Process({ target: 'sleep', args: [10 s] })            // name: Process-1
p2 = Process({ target: 'sleep', args: [10 s], name: 'rocky' })
p1.start(); p2.start()
aliveBeforeTerminate = p1.is_alive()
p1.terminate()                       // kill(pid, SIGTERM): a request
aliveRightAfterTerminate = p1.is_alive()
park()                               // main does not wait: p1 exits, not reaped (Z)
                                     // …until the lab has seen the Z and says "reap"
await p1.join()                      // waitpid(): reaped
aliveAfterJoin = p1.is_alive(); pyExitcode = p1.exitcode
p2.kill(); await p2.join()           // SIGKILL: -9`;

export const lifecycle: ExperimentDef = {
  id: 'lifecycle',
  concepts: [8, 9],
  title: { en: 'name, is_alive, terminate, kill', zh: 'name、is_alive、terminate、kill' },
  summary: {
    en: 'terminate() only asks the OS: the child is still alive right after it, and gone after join().',
    zh: 'terminate() 只是请求操作系统结束子进程:刚调用后它仍然存活,join() 之后才真正结束。',
  },
  options: [],
  lecture: LECTURE,
  labCode: LAB_CODE,
  expectedMs: (opts) => 1500 * opts.timeScale + 1500 / opts.hz + 500,
  async main(ctx) {
    const p1 = ctx.Process({ target: 'sleep', args: [ctx.scale(10_000)] });
    const p2 = ctx.Process({ target: 'sleep', args: [ctx.scale(10_000)], name: 'rocky' });
    ctx.fact('names', [p1.name, p2.name]);
    p1.start();
    p2.start();
    await Promise.all([p1.waitReady(), p2.waitReady()]);
    await ctx.sleep(ctx.scale(1000));
    ctx.fact('aliveBeforeTerminate', p1.is_alive());
    p1.terminate();
    ctx.fact('aliveRightAfterTerminate', p1.is_alive());
    // Not waiting: Node reaps only from its event loop, and a parked main runs none. p1 dies
    // (SIGTERM) but stays a zombie until the lab, having seen the Z, lets main go on.
    ctx.mark('terminated');
    ctx.park();
    await p1.join();
    ctx.fact('aliveAfterJoin', p1.is_alive());
    ctx.fact('pyExitcode', p1.exitcode);
    p2.kill();
    await p2.join();
    ctx.fact('killPyExitcode', p2.exitcode);
    ctx.fact('p1Pid', p1.pid);
  },
  async conduct(run, opts) {
    const limit = 20_000 * opts.timeScale + 10_000;
    const p1 = () => run.records().find((r) => r.role === 'child' && r.name !== 'rocky');
    await run.waitUntil(() => markMs(run, 'terminated') !== null || mainGone(run), limit, 'p1.terminate()');
    if (!mainGone(run)) {
      // Ticks go on at the run's rate while main is parked: p1 shows as Z once it has died. (Or
      // it is gone already: on Windows, which has no zombies, or ended before terminate().)
      await run.waitUntil(
        () => p1()?.state === 'Z' || p1()?.state === 'exited' || mainGone(run),
        limit,
        'p1 to be a zombie',
      );
      run.command('reap');
    }
    await mainExited(run, limit);
    const pid = p1()?.pid;
    run.fact('terminateRequestMs', ms(firstEvent(run, pid, 'signalled')?.t));
    run.fact('signalDeliveredMs', ms(firstEvent(run, pid, 'signal-received')?.t));
    run.fact('exitMs', ms(firstEvent(run, pid, 'exited')?.t));
    run.fact('reapMs', ms(firstEvent(run, pid, 'reaped')?.t));
    run.fact(
      'zombieSeen',
      run
        .records()
        .find((r) => r.pid === pid)
        ?.states.includes('Z') ?? false,
    );
  },
};
