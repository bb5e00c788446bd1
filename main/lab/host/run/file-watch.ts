/**
 * A run's watched files (the ticket race's db): each new version, as first read and after
 * each write seen, becomes one call of `onVersion`, until the watch is closed.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { safeReadFile } from '../../common/safe-read';

/** The largest watched file read (the ticket race's db is a dozen bytes). */
const MAX_WATCHED_BYTES = 4096;

export class FileWatch {
  /** path → the version last reported (inode, mtime, content). */
  readonly #versions = new Map<string, string | null>();
  readonly #watchers: FSWatcher[] = [];
  #closed = false;

  constructor(private readonly onVersion: (path: string, content: string) => void) {}

  /** Follows `path` (once; nothing after close). */
  add(path: string): void {
    if (this.#closed || this.#versions.has(path)) return;
    this.#versions.set(path, null);
    const name = basename(path);
    try {
      // The folder, not the file: a writer that renames a new file over it (as the buyers do,
      // so no reader sees half a file) replaces the inode a file watch would be attached to.
      const w = watch(dirname(path), (_event, file) => {
        if (file === null || file === name) this.#read(path);
      });
      // The folder gone (the run is ending): nothing more to watch.
      w.on('error', () => w.close());
      this.#watchers.push(w);
    } catch {
      // No file watching here: each tick still reads the file while it is there.
    }
    this.#read(path);
  }

  /** Reads every watched file now (each tick does, where file watching is missing or slow). */
  readAll(): void {
    for (const path of this.#versions.keys()) this.#read(path);
  }

  /** Stops watching: no version is reported after this. */
  close(): void {
    this.#closed = true;
    for (const w of this.#watchers.splice(0)) w.close();
  }

  /**
   * Reads a watched file; a new version is reported. A new version is new content, or the same
   * content written again (a new inode or mtime): two buyers writing the same count are two
   * writes, and that is the lost update the race is about. (Two writes within one tick of the
   * file system's clock, both between two reads, may still be read as one.) Absent, or not a
   * small regular file: nothing.
   */
  #read(path: string): void {
    if (this.#closed) return;
    // This runs in the app's main process, on a path a child named: the one safe read (no
    // link followed, no FIFO waited on, a small regular file only). Inode, mtime and bytes
    // come from one open descriptor: they are of the same version. Another user's file is refused.
    const r = safeReadFile(path, MAX_WATCHED_BYTES, process.getuid?.());
    if (r.kind !== 'ok') return;
    const content = r.text;
    const version = `${r.ino}:${r.mtimeMs}:${content}`;
    if (version === this.#versions.get(path)) return;
    this.#versions.set(path, version);
    this.onVersion(path, content);
  }
}
