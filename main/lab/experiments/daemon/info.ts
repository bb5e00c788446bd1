/**
 * Lecture row 12, 守护进程: `p.daemon = True` before `start()`. A daemon child (5 s) and a
 * normal child (3 s) start together; main's code ends after 2 s. Python then terminates the
 * daemon at once, waits for the normal child, and only then exits.
 */
import type { ExperimentDef } from '../types';

const LAB_CODE = `d = Process({ target: 'sleep', args: [5 s], name: 'daemon', daemon: true })
n = Process({ target: 'sleep', args: [3 s], name: 'normal' })
d.start(); n.start()
await sleep(2 s)
print('主进程代码结束')
// main's code ends here; the runtime then does what Python's atexit does:
// terminate() every live daemon child, join() every other child, exit.`;

export const daemon: ExperimentDef = {
  id: 'daemon',
  concepts: [12],
  title: { en: 'Daemon children', zh: '守护进程' },
  summary: {
    en: "A daemon child ends when main's code ends; a normal child runs on, and main waits for it.",
    zh: '守护进程在主进程代码结束时被终止;普通子进程继续运行,主进程等它结束后才退出。',
  },
  options: [],
  labCode: LAB_CODE,
  expectedMs: (opts) => 3000 * opts.timeScale + 400,
};
