/**
 * One small file per live run (`<stateDir>/runs/<runId>.json`) naming its main's pid, start
 * time and process group. If the app dies before it can clean up, the next start reads these and
 * ends what is left. The start time is what keeps us from killing a stranger: pids are reused,
 * a (pid, start time) pair is not.
 *
 * The folder is someone's attack surface: whatever is in it decides what the sweep signals. So it
 * is private (0700, files 0600), refused when another user owns it, and every file is read
 * through {@link safeReadJson} (no link followed, no FIFO waited on, size capped) and checked by a
 * schema; anything else is set aside (renamed, never trusted, never thrown over) with a warning.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { safeReadJson } from '../common/safe-read';

/** The run-id charset: also what keeps a run id from naming a path outside the folder. */
const RUN_ID = /^[\w-]{1,64}$/;
/** A pid the sweep could ever act on: never 0 or 1 (init; `kill(-1)` is "everyone"). */
const Pid = z
  .number()
  .int()
  .min(2)
  .max(2 ** 31 - 1);
const StartTime = z.number().finite().min(0);

const PidEntrySchema = z.strictObject({
  runId: z.string().regex(RUN_ID),
  pid: Pid,
  startTime: StartTime,
  pgid: Pid.nullable(),
  supervisor: z.strictObject({ pid: Pid, startTime: StartTime }).optional(),
});

export interface PidEntry {
  runId: string;
  pid: number;
  /** Epoch ms, as the sampler reports it. */
  startTime: number;
  /** Process group to end (POSIX), or null on Windows. */
  pgid: number | null;
  /**
   * The supervisor that owns the run (pid and start time). While it lives, the run is not a
   * leftover: another app or CLI sharing this state folder must not sweep it away.
   */
  supervisor?: { pid: number; startTime: number };
}

/** A pidfile is a few dozen bytes; anything much larger was not written by the lab. */
const MAX_PIDFILE_BYTES = 4096;
/** More pidfiles than this at once is not a lab's folder (each run has one). */
const MAX_ENTRIES = 1000;
/** Suffix of a file set aside: no longer `.json`, so never listed again, kept for a look. */
export const SET_ASIDE_SUFFIX = '.set-aside';

/** Where the lab keeps its pidfiles when nobody says otherwise (the app passes its userData). */
export function defaultStateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'process-lab');
}

const uid = (): number | undefined => (process.getuid ? process.getuid() : undefined);

/** Reads and writes the per-run pidfiles under one state directory. */
export class PidFiles {
  readonly dir: string;
  #warn: (message: string) => void;
  constructor(stateDir: string, warn: (message: string) => void = (m) => console.warn(`process-lab: ${m}`)) {
    this.dir = join(stateDir, 'runs');
    this.#warn = warn;
  }

  /** Writes a run's pidfile (private, whole: temp file then rename). A refused folder is a warning. */
  add(entry: PidEntry): void {
    const file = this.#file(entry.runId);
    if (!this.#ensureDir(true)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      // 'wx': never through a link or into a file someone put there first.
      writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      this.#warn(`could not write pidfile ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  remove(runId: string): void {
    if (!RUN_ID.test(runId)) return;
    rmSync(join(this.dir, `${runId}.json`), { force: true });
  }

  /** Every valid entry on disk; anything else is set aside with a warning. Never throws. */
  list(): PidEntry[] {
    if (!this.#ensureDir(false)) return [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: PidEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).slice(0, MAX_ENTRIES)) {
      const file = join(this.dir, name);
      const read = safeReadJson(file, MAX_PIDFILE_BYTES, uid());
      if (read.kind === 'missing') continue; // Removed meanwhile by its run.
      if (read.kind === 'refused') {
        this.#setAside(file, read.reason);
        continue;
      }
      const parsed = PidEntrySchema.safeParse(read.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        this.#setAside(file, `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`);
        continue;
      }
      // The name is the run id: a file may only speak for its own run (remove() acts on the name).
      if (`${parsed.data.runId}.json` !== name) {
        this.#setAside(file, `names run "${parsed.data.runId}" but is called ${name}`);
        continue;
      }
      out.push(parsed.data);
    }
    return out;
  }

  #setAside(file: string, reason: string): void {
    // A rename within the folder moves the entry itself (link, FIFO, directory alike), follows
    // nothing and reads nothing; the file stays for whoever wants to know who put it there.
    let where = 'left in place';
    try {
      renameSync(file, `${file}${SET_ASIDE_SUFFIX}`);
      where = `renamed to ${file}${SET_ASIDE_SUFFIX}`;
    } catch {
      // Cannot rename (read-only folder): it is skipped all the same.
    }
    this.#warn(`pidfile ${file} set aside, not trusted (${reason}); ${where}`);
  }

  /** The folder, private and ours; `create` makes it if missing. False (with a warning) when refused. */
  #ensureDir(create: boolean): boolean {
    try {
      if (create) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const st = lstatSync(this.dir);
      if (!st.isDirectory()) return this.#refuse('is not a directory (or is a link)');
      const me = uid();
      if (me !== undefined && st.uid !== me) return this.#refuse(`is owned by uid ${st.uid}, not ${me}`);
      // Ours but readable by others (made by an older version): make it private.
      if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) chmodSync(this.dir, 0o700);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      return this.#refuse(`cannot be used (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }

  #refuse(why: string): false {
    this.#warn(`pidfile folder ${this.dir} ${why}: refused, nothing in it is read or written`);
    return false;
  }

  #file(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`bad run id ${runId}`);
    return join(this.dir, `${runId}.json`);
  }
}
