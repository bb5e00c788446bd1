/**
 * The parallel experiment's "1 core" option: the run's main pinned to one CPU before it starts
 * any task, so that every task (a child inherits its parent's CPU affinity at fork) shares that
 * one core: three tasks then take turns, each ~33 % of it, and the tasks' total wall time is
 * about the sum of their CPU times.
 *
 * How: util-linux's `taskset -a -p -c <cpu> <pid>`, which calls sched_setaffinity(2) for every
 * thread of the process (`-a`: Node's own threads too, and libuv forks the children from the
 * main thread, whose mask they inherit). Node has no binding for sched_setaffinity and the lab
 * builds no native code, so where `taskset` is missing (macOS has no affinity API for this;
 * Windows' needs a native call; a Linux without util-linux) the option is refused with its
 * reason, which the view shows beside the disabled option.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Bilingual } from '../options';

/** `taskset` on this machine's PATH, or null. */
export function findTaskset(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, 'taskset');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** Why "1 core" cannot be offered here, or null when it can. */
export function oneCoreUnavailable(platform: NodeJS.Platform = process.platform): Bilingual | null {
  if (platform === 'darwin')
    return {
      en: 'not on macOS: it offers no way to pin a process to one CPU',
      zh: 'macOS 上不可用：它不提供把进程固定到一个 CPU 的方法',
    };
  if (platform === 'win32')
    return {
      en: 'not on Windows: pinning a process needs a native call the lab does not build',
      zh: 'Windows 上不可用：固定进程需要本实验室不编译的原生调用',
    };
  if (platform !== 'linux')
    return { en: `not on ${platform}: no CPU pinning known here`, zh: `${platform} 上不可用：不知道如何固定 CPU` };
  if (findTaskset() === null)
    return {
      en: 'needs taskset (util-linux), which is not installed here',
      zh: '需要 taskset（util-linux），本机未安装',
    };
  return null;
}

/** `Cpus_allowed_list` of `/proc/<pid>/status` as the kernel writes it (`0-1`, `3`), or null. */
export function cpusAllowedList(pid: number | 'self'): string | null {
  try {
    const m = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ?? null;
  } catch {
    // Gone already, or not Linux.
    return null;
  }
}

/** The first CPU of a `Cpus_allowed_list` (`0-1,4` → 0). */
export function firstCpu(list: string): number {
  const n = Number.parseInt(list, 10);
  if (!Number.isInteger(n) || n < 0) throw new Error(`unreadable CPU list "${list}"`);
  return n;
}

/**
 * Pins this process (every thread) to the first CPU it may run on now (in a container that may
 * not be CPU 0), and returns the list the kernel then shows for it (read back, not assumed).
 */
export function pinSelfToOneCpu(): { cpu: number; allowed: string } {
  const taskset = findTaskset();
  const before = cpusAllowedList('self');
  if (taskset === null || before === null) throw new Error('CPU pinning is not available here');
  const cpu = firstCpu(before);
  // Integers only on this command line (no shell): the cpu from the kernel, the pid our own.
  execFileSync(taskset, ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
  const allowed = cpusAllowedList('self');
  if (allowed !== String(cpu)) throw new Error(`taskset did not pin: Cpus_allowed_list is ${String(allowed)}`);
  return { cpu, allowed };
}
