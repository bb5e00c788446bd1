/**
 * Lecture rows 3, 4, 7 and 8: starting children the lecture's two ways — `Process(target=task,
 * args=(5,))` and a `class Task(Process)` with its own `run()` — unnamed (Python's `Process-N`)
 * and named (`Task('Nick')`). Every child runs the same program file (`task.js`), yet each is
 * its own process: its own pid, memory and state. Each pid and ppid is checked three ways: what
 * the child says of itself (`os.getpid()`, `os.getppid()`), what main holds (`p.pid`,
 * `os.getpid()`), and what the sampler reads from the OS.
 */
import type { ExperimentDef } from '../types';
import { planningHz } from '../../../../contract/engine';

const LAB_CODE = `// main (a real child of the app); N = --children; hold = 1 s (scaled)
ps = []
for (i of range(N)) ps.push(Process({ target: 'task', args: [5 + i, hold] }))   // Process-1 …
for (i of range(N)) ps.push(Process({ target: 'Task', style: 'subclass',         // Task('Nick')
                                      name: i ? \`Nick-\${i + 1}\` : 'Nick', args: [hold] }))
for (p of ps) { p.start(); print('在主进程查看子进程的pid', p.pid) }   // p.pid: after start()
print('主进程的pid', process.pid); print('主进程的父进程Pid', process.ppid)
// every child, in the same program task.js: report({ pid: process.pid, ppid: process.ppid,
//   name, program: process.argv[1], rss }), then sleep(hold)
for (p of ps) await p.join()
// the lab compares, per child: its own word (pid, ppid) = main's (p.pid, main's pid)
//                                                      = the OS's (/proc/<pid>/stat)`;

export const spawn: ExperimentDef = {
  id: 'spawn',
  concepts: [3, 4, 7, 8],
  title: { en: 'Starting child processes: pid and ppid', zh: '开启子进程:pid 与 ppid' },
  summary: {
    en: "Children started the lecture's two ways, named and unnamed: one program file, N processes; each child's own pid and ppid match main's p.pid and the OS's.",
    zh: '用讲义的两种方式开启子进程(默认名字和自定义名字):同一个程序文件,N 个进程;子进程自己看到的 pid/ppid 与主进程的 p.pid、操作系统的记录一致。',
  },
  options: [
    {
      key: 'children',
      kind: 'number',
      integer: true,
      min: 1,
      max: 16,
      default: 2,
      help: {
        en: 'children started each way (target function, subclass)',
        zh: '每种方式(target 函数、子类)开启的子进程数',
      },
    },
  ],
  labCode: LAB_CODE,
  expectedMs: (opts) =>
    Math.max(1000 * opts.timeScale, 2500 / planningHz(opts.hz)) + 150 * 2 * (opts.children as number) + 500,
};
