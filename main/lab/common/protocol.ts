/**
 * Messages that cross the IPC channels inside a run:
 *   supervisor ⇄ the experiment's main (`workers/lab-main.ts`)
 *   main ⇄ each worker child (`workers/task.ts`)
 * Every timestamp `at` is `sharedNow()` in the process that saw the moment.
 */
import type { ProcRole } from '../../../contract/process';
import type { FactValue } from '../../../contract/report';

export type { FactValue } from '../../../contract/report';

/** From an experiment's main to the supervisor. */
export type MainToSupervisor =
  | { k: 'ready'; at: number }
  | { k: 'child'; pid: number; ppid: number; name: string; role: ProcRole; at: number }
  | { k: 'child-ready'; pid: number; at: number }
  | { k: 'signal'; pid: number; signal: string; at: number }
  | { k: 'signal-received'; pid: number; signal: string; at: number }
  | { k: 'exit'; pid: number; code: number | null; signal: string | null; at: number }
  | { k: 'log'; pid: number; stream: 'stdout' | 'stderr'; line: string; at: number }
  | { k: 'mark'; label: string; detail?: string | number | boolean; at: number }
  | { k: 'step'; pid: number; label: string; value: number | string | null; at: number }
  | { k: 'fact'; key: string; value: FactValue };

/** From the supervisor to an experiment's main (via IPC; a parked main reads stdin instead). */
export type SupervisorToMain = { k: 'command'; name: string; args?: FactValue };

/** From a worker child to its parent (the experiment's main). */
export type TaskToParent =
  | { k: 'ready'; at: number; pid: number; ppid: number }
  | { k: 'signal-received'; signal: string; at: number }
  | { k: 'report'; key: string; value: FactValue; at: number }
  | { k: 'step'; label: string; value: number | string | null; at: number };

/** What main hands a worker child on its command line: which task, with which arguments. */
export interface TaskSpec {
  target: string;
  args: FactValue[];
  name: string;
  /** The lecture's second style: a `Process` subclass whose `run()` is the task. */
  style: 'target' | 'subclass';
}
