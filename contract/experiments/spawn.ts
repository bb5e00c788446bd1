/**
 * The spawn experiment's facts: what main, each child and the OS say about every pid and ppid.
 * Main writes its side; the conduct adds the OS's word to each child.
 */
import type { FactValue } from '../report';

/** How a child was made: `Process(target=…)`, or a subclass of Process with its own `run()`. */
export type SpawnStyle = 'target' | 'subclass';

/** One child as main saw it (and, once the conduct has run, as the OS did). */
export type SpawnChildFact = {
  style: SpawnStyle;
  name: string;
  /** Main's `p.pid`. */
  pid: number | null;
  /** The parent's word for the child's ppid: main's own `os.getpid()`. */
  ppid: number;
  /** The child's word: its `os.getpid()`, `os.getppid()` and `current_process().name`. */
  childPid: number | null;
  childPpid: number | null;
  childName: string | null;
  arg: FactValue;
  program: string | null;
  childRssBytes: number | null;
  pyExitcode: number | null;
  /** The OS's word (the sampler's record), added by the conduct; null where it never read the child. */
  osPid?: number | null;
  osPpid?: number | null;
  osStates?: string[];
  osRssBytes?: number | null;
};

export interface SpawnFacts {
  mainPid: number;
  mainPpid: number;
  children: SpawnChildFact[];
  program: string | null;
  sameProgram: boolean;
  distinctPids: number;
  /** Written by the conduct: child, main and OS agree on every pid and ppid. */
  allIdsAgree: boolean;
}
