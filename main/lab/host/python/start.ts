/**
 * What a traced Python run starts from, checked before anything starts: a lecture program (an
 * experiment's `lecture.py`), a user's file, or an observed command that is a Python interpreter.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { RUN_LIMITS, isValidHz } from '../../../../contract/engine';
import { LabError } from '../../common/errors';
import { EXPERIMENTS } from '../../experiments/index';
import { START_METHODS, type StartMethod } from '../../python/tracer-env';
import type { RunTarget } from '../run/handle';
import { builtLectureFile, builtTracerBootDir } from './files';
import { PythonSession } from './session';

/** One traced Python run, as the CLI, the door or a test asks for it. Exactly one of experiment, file, observe. */
export interface PythonRunRequest {
  /** Run this experiment's lecture program (`main/lab/experiments/<id>/lecture.py`). */
  experiment?: string;
  /** Run this `.py` file (a student's program). */
  file?: string;
  /** `observe -- python3 FILE …`: the command as typed, run as it is. */
  observe?: { command: string; args: string[] };
  /** The interpreter to use (`--python PATH`, the settings). */
  python?: string;
  startMethod?: unknown;
  timeScale?: unknown;
  hz?: unknown;
  timeoutMs?: unknown;
}

/** Whether an observed command names a Python interpreter (`python3`, `/usr/bin/python3.11`, `pypy3`). */
export function looksLikePython(command: string): boolean {
  return /^(python|pypy)(\d+(\.\d+)*)?(\.exe)?$/i.test(basename(command));
}

function inRange(v: unknown, what: string, lim: { min: number; max: number; default: number }): number {
  if (v === undefined) return lim.default;
  if (typeof v !== 'number' || !(v >= lim.min && v <= lim.max))
    throw new LabError('bad-options', `${what}: must be a number from ${lim.min} to ${lim.max}`);
  return v;
}

function startMethod(v: unknown): StartMethod | undefined {
  if (v === undefined) return undefined;
  if (!START_METHODS.includes(v as StartMethod))
    throw new LabError('bad-options', `start method: must be one of ${START_METHODS.join(', ')}`);
  // Windows has spawn only (and no zombies, no re-parenting to show).
  if (process.platform === 'win32' && v !== 'spawn')
    throw new LabError('unsupported-platform', `start method ${String(v)}: Windows has spawn only`);
  return v as StartMethod;
}

/** Checks the request, then finds the interpreter and opens the trace socket. Throws a LabError, having started nothing. */
export async function openPythonRun(
  req: PythonRunRequest,
  workersDir: string,
): Promise<{ target: RunTarget; session: PythonSession }> {
  const given = [req.experiment, req.file, req.observe].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new LabError('bad-options', 'a Python run needs exactly one of: an experiment, a file, a command');
  // Auto (0, the CLI's and the view's default) or a fixed rate: inRange alone would refuse auto.
  if (req.hz !== undefined && !isValidHz(req.hz))
    throw new LabError(
      'bad-options',
      `hz: must be auto (0) or a number from ${RUN_LIMITS.hz.min} to ${RUN_LIMITS.hz.max}`,
    );
  const hz = (req.hz as number | undefined) ?? RUN_LIMITS.hz.default;
  const timeScale = inRange(req.timeScale, 'time scale', RUN_LIMITS.timeScale);
  const method = startMethod(req.startMethod);
  const timeoutMs =
    req.timeoutMs === undefined
      ? Math.round(60_000 + 120_000 * timeScale)
      : inRange(req.timeoutMs, 'timeout', { min: 1, max: 3_600_000, default: 0 });
  let args: string[];
  let command: string | undefined;
  let cwd: string | undefined;
  let experiment: string | null = null;
  if (req.experiment !== undefined) {
    if (!EXPERIMENTS.some((e) => e.id === req.experiment))
      throw new LabError('unknown-experiment', `no such experiment: ${req.experiment}`);
    experiment = req.experiment;
    args = [builtLectureFile(workersDir, experiment)];
    // The lecture's programs write their files (the ticket race's db.txt) where they run.
    cwd = 'run-folder';
  } else if (req.file !== undefined) {
    const file = resolve(req.file);
    if (!existsSync(file) || !statSync(file).isFile()) throw new LabError('bad-options', `not a file: ${req.file}`);
    args = [file];
    cwd = dirname(file);
  } else {
    command = req.observe!.command;
    args = req.observe!.args;
  }
  const session = await PythonSession.open({
    ...(command !== undefined ? { command } : {}),
    ...(req.python !== undefined ? { python: req.python } : {}),
    args,
    bootDir: builtTracerBootDir(workersDir),
    ...(cwd !== undefined ? { cwd } : {}),
    ...(method ? { startMethod: method } : {}),
    timeScale,
  });
  return {
    session,
    target: {
      kind: 'observe',
      command: session.command,
      args,
      options: { hz, timeoutMs },
      python: { experiment, startMethod: method ?? null, timeScale },
    },
  };
}
