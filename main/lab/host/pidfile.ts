/**
 * One small file per live run (`<stateDir>/runs/<runId>.json`) naming its main's pid, start
 * time and process group. If the app dies before it can clean up, the next start reads these and
 * ends what is left. The start time is what keeps us from killing a stranger: pids are reused,
 * a (pid, start time) pair is not.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

/** Where the lab keeps its pidfiles when nobody says otherwise (the app passes its userData). */
export function defaultStateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'process-lab');
}

/** Reads and writes the per-run pidfiles under one state directory. */
export class PidFiles {
  readonly dir: string;
  constructor(stateDir: string) {
    this.dir = join(stateDir, 'runs');
  }

  add(entry: PidEntry): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.#file(entry.runId), JSON.stringify(entry));
  }

  remove(runId: string): void {
    rmSync(this.#file(runId), { force: true });
  }

  /** Every entry on disk; unreadable files are dropped (and removed) rather than trusted. */
  list(): PidEntry[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: PidEntry[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const file = join(this.dir, name);
      try {
        const e = JSON.parse(readFileSync(file, 'utf8')) as PidEntry;
        if (typeof e.runId === 'string' && Number.isInteger(e.pid) && typeof e.startTime === 'number') out.push(e);
        else rmSync(file, { force: true });
      } catch {
        rmSync(file, { force: true });
      }
    }
    return out;
  }

  #file(runId: string): string {
    if (!/^[\w-]{1,64}$/.test(runId)) throw new Error(`bad run id ${runId}`);
    return join(this.dir, `${runId}.json`);
  }
}
