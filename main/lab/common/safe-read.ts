/**
 * Reading a small file the lab did not write this very moment (a pidfile, the settings, the
 * window state, a run's watched file such as the ticket race's db) without trusting what sits at the path. The path may name a FIFO (a plain
 * `readFileSync` blocks forever, and meanwhile no signal handler runs), a link to `/dev/zero`
 * (reads until memory runs out), a directory (EISDIR), or a huge file. So: open without
 * following a link and without blocking, check with `fstat` on the open descriptor (not the
 * path, which could be swapped between the check and the open) that it is a regular file under
 * a size cap, and only then read. A bad file gives one clear reason, never a throw or a hang.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * What a safe read found: the text (with the inode and mtime of the very file read, from the
 * same open descriptor, so a caller can tell one version from the next), nothing (no such
 * file), or why the file was refused.
 */
export type SafeRead =
  | { kind: 'ok'; text: string; ino: number; mtimeMs: number }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: string };

// O_NOFOLLOW: a symlink as the last component fails with ELOOP instead of being followed.
// O_NONBLOCK: opening a FIFO with no writer returns at once (then fstat refuses it) instead of
// waiting for a writer forever. Neither exists on Windows, which has no FIFOs at paths.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads `path` as UTF-8 if it is a regular file (not a link) of at most `maxBytes`.
 * @param expectUid when given (POSIX), a file owned by another user is refused too.
 */
export function safeReadFile(path: string, maxBytes: number, expectUid?: number): SafeRead {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'refused', reason: 'is a symbolic link' };
    return { kind: 'refused', reason: `cannot be opened (${code ?? String(err)})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { kind: 'refused', reason: `is not a regular file (${kindOf(st)})` };
    if (st.size > maxBytes) return { kind: 'refused', reason: `is too large (${st.size} bytes, at most ${maxBytes})` };
    if (expectUid !== undefined && st.uid !== expectUid)
      return { kind: 'refused', reason: `is owned by uid ${st.uid}, not ${expectUid}` };
    // Read at most one byte past the cap: a file growing while we read is refused, not followed.
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > maxBytes) return { kind: 'refused', reason: `grew past ${maxBytes} bytes while being read` };
    }
    return { kind: 'ok', text: buf.subarray(0, n).toString('utf8'), ino: st.ino, mtimeMs: st.mtimeMs };
  } catch (err) {
    return { kind: 'refused', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** What {@link safeReadJson} found: a parsed value, nothing, or why the file was refused. */
export type SafeJson = { kind: 'ok'; value: unknown } | { kind: 'missing' } | { kind: 'refused'; reason: string };

/**
 * {@link safeReadFile}, then `JSON.parse`. A `__proto__` or `constructor` key anywhere is a
 * refusal: such a file was made by hand to reach an object's prototype once it is spread or
 * merged, and no file the lab writes has one.
 */
export function safeReadJson(path: string, maxBytes: number, expectUid?: number): SafeJson {
  const r = safeReadFile(path, maxBytes, expectUid);
  if (r.kind !== 'ok') return r;
  let hostile = false;
  let value: unknown;
  try {
    value = JSON.parse(r.text, (key, v: unknown) => {
      if (key === '__proto__' || key === 'constructor') hostile = true;
      return v;
    });
  } catch {
    return { kind: 'refused', reason: 'is not valid JSON' };
  }
  if (hostile) return { kind: 'refused', reason: 'has a "__proto__" or "constructor" key' };
  return { kind: 'ok', value };
}
