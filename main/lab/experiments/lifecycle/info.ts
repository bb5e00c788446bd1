/**
 * Lecture rows 8 and 9: `name`, `is_alive()`, `terminate()`, `kill()` in the lecture's order.
 * terminate() only *asks*: right after it the child is still alive; the delivery, the exit and
 * the reaping are separate moments, each recorded. After terminate() main parks (event loop
 * blocked, so it does not wait) until the lab has seen the exited-but-not-yet-reaped child as a
 * zombie in the OS, then joins it.
 */
import type { ExperimentDef } from '../types';
import { planningHz } from '../../../../contract/engine';

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
  labCode: LAB_CODE,
  expectedMs: (opts) => 1500 * opts.timeScale + 1500 / planningHz(opts.hz) + 500,
};
