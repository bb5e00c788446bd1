/**
 * Lecture row 11, 孤儿进程: a child whose parent exits lives on; the kernel hands it to an
 * adopter — pid 1, or the nearest "subreaper" such as `systemd --user` — which reaps it when it
 * ends. Harmless. The adopter is read from the OS (the child's new ppid), never assumed.
 */
import type { ExperimentDef } from '../types';

const LAB_CODE = `p = Process({ target: 'orphan', args: [3 s], name: 'orphan' })
p.start()
await sleep(1 s)
exitNow(0)          // os._exit(0): main leaves without join()
// the sampler then reads the orphan's ppid from /proc/<pid>/stat: it changes from main's pid
// to the adopter's; when the orphan ends, the adopter reaps it`;

export const orphan: ExperimentDef = {
  id: 'orphan',
  concepts: [11],
  title: { en: 'Orphan processes', zh: '孤儿进程' },
  summary: {
    en: 'The parent exits first; the child is adopted (pid 1 or a subreaper), which later reaps it.',
    zh: '父进程先退出;子进程被收养(pid 1 或最近的 subreaper),之后由收养者回收。',
  },
  options: [
    {
      key: 'childMs',
      kind: 'number',
      min: 100,
      max: 60_000,
      default: 3000,
      help: { en: "the orphan's lifetime, ms (scaled)", zh: '孤儿进程的存活时长(毫秒,按比例缩放)' },
    },
    {
      key: 'parentMs',
      kind: 'number',
      min: 0,
      max: 60_000,
      default: 1000,
      help: { en: 'when the parent exits, ms (scaled)', zh: '父进程何时退出(毫秒,按比例缩放)' },
    },
  ],
  labCode: LAB_CODE,
  unsupported: {
    win32: {
      en: 'Windows does not re-parent: a process whose parent exits keeps a ppid that names a dead (and reusable) pid, and nobody adopts it.',
      zh: 'Windows 不会重新指定父进程:父进程退出后,子进程的 ppid 仍指向一个已不存在(且可被复用)的 pid,没有进程收养它。',
    },
  },
  expectedMs: (opts) => Math.max(opts.childMs as number, opts.parentMs as number) * opts.timeScale + 1500,
};
