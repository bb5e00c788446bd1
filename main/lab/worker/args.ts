/** Reading a task's arguments (JSON values from main's `Process({ args })`). */
import type { FactValue } from '../common/protocol';

/** `v` if it is a finite number, else `fallback`. */
export function numArg(v: FactValue | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
