/** Hostile files for the readers' tests: every kind of thing a path can name that is not a small file. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const POSIX = process.platform !== 'win32';

/** Every hostile kind of file, made fresh under `at`; returns name → path. */
export function hostileFiles(at: string): Record<string, string> {
  const out: Record<string, string> = {};
  const p = (n: string): string => (out[n] = join(at, `${n}.json`));
  mkdirSync(p('directory'));
  writeFileSync(p('huge'), Buffer.alloc(2 << 20, 0x20));
  writeFileSync(p('proto'), '{"__proto__": {"polluted": true}, "keepInTray": false}');
  writeFileSync(p('constructor'), '{"constructor": {"prototype": {"polluted": true}}}');
  writeFileSync(p('broken'), '{"keepInTray":');
  if (POSIX) {
    symlinkSync('/dev/zero', p('dev-zero'));
    if (spawnSync('mkfifo', [p('fifo')]).status !== 0) throw new Error('mkfifo failed');
  }
  return out;
}
