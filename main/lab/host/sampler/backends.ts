/** Which sampler back end runs on this machine, and making one. */
import { existsSync } from 'node:fs';
import type { SamplerBackend } from './types';
import { PortableBackend } from './portable-backend';
import { ProcBackend } from './proc-backend';

/** Which back end to use; `auto` is `proc` on Linux with /proc mounted, else `portable`. */
export type BackendChoice = 'proc' | 'portable' | 'auto';

/** True when `/proc` can serve the `proc` back end (Linux with procfs mounted). */
export function hasProcFs(): boolean {
  return process.platform === 'linux' && existsSync(`/proc/${process.pid}/stat`);
}

/** The back end name `choice` resolves to on this machine. */
export function resolveBackend(choice: BackendChoice = 'auto'): 'proc' | 'portable' {
  if (choice === 'auto') return hasProcFs() ? 'proc' : 'portable';
  return choice;
}

/**
 * A new back end. `proc` on a machine without /proc throws (asked for explicitly, it is a
 * configuration error, not something to paper over).
 */
export function createBackend(choice: BackendChoice = 'auto'): SamplerBackend {
  const kind = resolveBackend(choice);
  if (kind === 'proc') {
    if (!hasProcFs()) throw new Error('the proc sampler needs Linux with /proc mounted');
    return new ProcBackend();
  }
  return new PortableBackend();
}
