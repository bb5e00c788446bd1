/** What a task is (the lecture's `target=` function) and what it may do, in a worker child. */
import type { FactValue } from '../common/protocol';

/** What a task can do besides computing: print (a log line), report a value to main. */
export interface TaskContext {
  name: string;
  style: 'target' | 'subclass';
  print(line: string): void;
  report(key: string, value: FactValue): Promise<void>;
  /**
   * Tells the lab, now, that a step of the task happened (it goes on to the live view as a
   * `step` event); `report` values reach main only.
   */
  step(label: string, value: number | string | null): Promise<void>;
  /** Waits for the next message main sends this child. */
  nextMessage(): Promise<FactValue>;
}

export interface TaskDef {
  run(ctx: TaskContext, args: FactValue[]): Promise<void>;
  /**
   * Whether the child keeps running when its parent's IPC channel closes (the orphan). Every
   * other task exits then, so a killed main never leaves its children behind.
   */
  survivesParent?: boolean;
}
