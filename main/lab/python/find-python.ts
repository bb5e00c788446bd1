/**
 * Finds the Python interpreter a traced run uses: the one named by `--python` or the settings,
 * else `python3`, then `python`, on PATH. Each candidate is asked once for its own
 * `sys.executable`, which resolves launcher shims (pyenv's bash wrappers, which would otherwise
 * show up in the process tree as extra processes) to the real binary the lab then runs directly.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { LabError } from '../common/errors';

/** The oldest Python the tracer supports (it relies on `os.register_at_fork`, 3.7+, and is tested on 3.8+). */
export const MIN_PYTHON: readonly [number, number] = [3, 8];

/** One interpreter, resolved. */
export interface FoundPython {
  /** What was asked for (`python3`, or the given path). */
  command: string;
  /** The real binary (`sys.executable`): run this, not the shim. */
  executable: string;
  /** `3.11.7`. */
  version: string;
}

export interface FindPythonOptions {
  /** `--python PATH` from the CLI: used alone, never replaced by a guess. */
  python?: string;
  /** The Python setting, when the user chose one: also used alone. */
  setting?: string;
  /** Environment of the probe (PATH, PYENV_VERSION…); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Per probe; a shim that hangs must not hang the lab. */
  timeoutMs?: number;
}

// Prints what the interpreter says of itself; nothing else runs (no site customisation matters).
const PROBE = 'import sys, json; print(json.dumps([sys.executable, list(sys.version_info[:3])]))';

const cache = new Map<string, Promise<FoundPython | string>>();

/** Asks `command` who it is; resolves to the interpreter, or to why it is not usable. */
function probe(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<FoundPython | string> {
  const key = `${command}\0${env.PATH ?? ''}\0${env.PYENV_VERSION ?? ''}`;
  let p = cache.get(key);
  if (!p) {
    p = new Promise((resolve) => {
      // No shell: the command is a program name or a path, never parsed as a command line.
      execFile(command, ['-c', PROBE], { env, timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          resolve(
            code === 'ENOENT' ? `${command}: not found` : `${command}: does not run (${err.message.split('\n')[0]})`,
          );
          return;
        }
        try {
          const [executable, v] = JSON.parse(stdout.trim()) as [string, number[]];
          const [major = 0, minor = 0, micro = 0] = v;
          if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
            resolve(`${command}: Python ${major}.${minor} is older than ${MIN_PYTHON.join('.')}`);
            return;
          }
          // An embedded or frozen interpreter may report no executable: then the command is it.
          resolve({ command, executable: executable || command, version: `${major}.${minor}.${micro}` });
        } catch {
          resolve(`${command}: is not a Python interpreter`);
        }
      });
    });
    cache.set(key, p);
  }
  return p;
}

/**
 * Resolves the interpreter to use. Throws a LabError (`no-python`) with one sentence saying
 * what was tried and how to point the lab at an interpreter when none is usable.
 */
export async function findPython(opts: FindPythonOptions = {}): Promise<FoundPython> {
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const chosen = opts.python ?? opts.setting;
  const candidates = chosen !== undefined ? [chosen] : ['python3', 'python'];
  const why: string[] = [];
  for (const c of candidates) {
    const found = await probe(c, env, timeoutMs);
    if (typeof found !== 'string') return found;
    why.push(found);
  }
  const how =
    chosen !== undefined
      ? 'give another path with --python PATH or in the settings'
      : `install Python ${MIN_PYTHON.join('.')} or later, or point the lab at one with --python PATH or in the settings`;
  throw new LabError('no-python', `No usable Python interpreter (${why.join('; ')}): ${how}.`);
}

/**
 * Checks an interpreter the user names in the settings before it is kept: an absolute path to
 * an executable regular file that answers as a Python ≥ {@link MIN_PYTHON} (asked with no shell,
 * the probe's fixed arguments only). Throws a LabError `bad-options`, one sentence, otherwise.
 */
export async function checkInterpreter(path: string, timeoutMs = 10_000): Promise<FoundPython> {
  const bad = (why: string): LabError =>
    new LabError('bad-options', `Python interpreter ${path}: ${why}; the setting is unchanged.`);
  // Absolute only: a bare name would be looked up on PATH, which may differ at the next start.
  if (!isAbsolute(path)) throw bad('give the absolute path of the interpreter (e.g. /usr/bin/python3)');
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw bad('no such file');
  }
  if (!isFile) throw bad('not a file');
  if (process.platform !== 'win32') {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw bad('not executable');
    }
  }
  const found = await probe(path, process.env, timeoutMs);
  if (typeof found === 'string') throw bad(found.slice(path.length + 2) || 'is not a Python interpreter');
  return found;
}

/** Forgets every probe (tests; or after the user changed the Python setting). */
export function clearPythonCache(): void {
  cache.clear();
}
