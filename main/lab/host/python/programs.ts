/**
 * "Your program": which `.py` files a user may run, traced, from the view. The view never sends
 * a path or code. In the app the file comes from the shell's native open dialog (the user's own
 * hand, {@link checkChosenProgram}); in a browser it is one of the files of the folder named on
 * the server's command line (`npm run serve -- --programs DIR`), listed by {@link ProgramFolder}
 * and named by id — nothing outside that list can be run.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ProgramEntry } from '../../../../contract/ipc';
import { PROGRAM_ID } from '../../../../contract/programs';
import { LabError } from '../../common/errors';

/** A folder holds a few programs of a class, not a dataset: the list is capped (sorted by name). */
export const MAX_PROGRAMS = 200;

/** Whether `child` is `dir` itself or inside it (both already real paths). */
function inside(dir: string, child: string): boolean {
  const rel = relative(dir, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.includes(`..${sep}`);
}

/** The programs folder of a browser server (`--programs DIR`), or none. */
export class ProgramFolder {
  /** The folder's real path (links resolved), or null: no folder, so no program. */
  readonly dir: string | null;

  /** Throws (the server does not start) when `dir` is given but is not a folder. */
  constructor(dir: string | null) {
    if (dir === null) {
      this.dir = null;
      return;
    }
    const real = realpathSync(resolve(dir));
    if (!statSync(real).isDirectory()) throw new Error(`--programs ${dir}: not a folder`);
    this.dir = real;
  }

  /**
   * The runnable programs, read from the folder now (a file added while the server runs shows
   * on the next list): top-level `.py` regular files whose name is a program id, and links only
   * when they lead to a regular file inside the folder. Ids are file names; no path is answered.
   */
  list(): ProgramEntry[] {
    if (this.dir === null) return [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return []; // The folder went away: nothing to run.
    }
    return names
      .filter((n) => PROGRAM_ID.test(n) && this.#file(n) !== null)
      .sort()
      .slice(0, MAX_PROGRAMS)
      .map((id) => ({ id, name: id }));
  }

  /**
   * The real path of program `id`, checked again at the moment it is asked for (it must still be
   * listed): throws a LabError `unknown-program`, having started nothing, for anything else.
   */
  resolve(id: string): string {
    if (this.dir === null)
      throw new LabError(
        'unknown-program',
        'no programs folder: start the server with `npm run serve -- --programs DIR` to run your own .py files',
      );
    // The door's schema refused paths already; this is the engine's own check for every caller.
    if (!PROGRAM_ID.test(id)) throw new LabError('unknown-program', 'not a program id (a .py file name, no path)');
    if (!this.list().some((p) => p.id === id))
      throw new LabError('unknown-program', `no program "${id}" in the programs folder`);
    const file = this.#file(id);
    if (file === null) throw new LabError('unknown-program', `program "${id}" is no longer a file in the folder`);
    return file;
  }

  /** The real path of entry `name` when it is a regular file inside the folder, else null. */
  #file(name: string): string | null {
    const dir = this.dir!;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile() && !st.isSymbolicLink()) return null;
      // A link is followed only to a file inside the folder: one leading out (../../etc, a
      // home folder) would let the list name files the teacher never put there.
      const real = realpathSync(path);
      if (!inside(dir, real) || !statSync(real).isFile()) return null;
      return real;
    } catch {
      return null; // Gone, a dangling link, or unreadable: not a program.
    }
  }
}

/**
 * The file the user picked in the app's open dialog, checked before it runs: an absolute path to
 * a regular `.py` file (a dialog can still hand back a folder or a device on some systems, and
 * the user may have typed any name). Returns its real path; throws a LabError `bad-options`.
 */
export function checkChosenProgram(path: string): string {
  if (!isAbsolute(path)) throw new LabError('bad-options', 'the chosen program is not an absolute path');
  if (!path.toLowerCase().endsWith('.py')) throw new LabError('bad-options', `not a .py file: ${basename(path)}`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new LabError('bad-options', `no such file: ${basename(path)}`);
  }
  if (!statSync(real).isFile()) throw new LabError('bad-options', `not a file: ${basename(path)}`);
  return real;
}
