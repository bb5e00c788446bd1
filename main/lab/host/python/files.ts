/**
 * Where a traced run's Python files are: beside the built worker programs, as the build
 * (electron.vite.config.ts) copies them — the tracer package in `out/main/python/` and each
 * experiment's lecture program as `out/main/lecture/<id>.py`. Like the workers, they are found in
 * the build only (never the source tree), so the dev app, the CLI, the tests and the packaged
 * app (app.asar.unpacked/out/main/…) all run the same files.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tracerBootDir } from '../../python/tracer-env';

/**
 * The same path outside app.asar: `…/resources/app.asar/out/…` → `…/resources/app.asar.unpacked/out/…`.
 * Electron's own fs and fork read through the archive, so the workers run from an app.asar path;
 * Python is not Electron and sees only the real files, which electron-builder's `asarUnpack`
 * puts beside the archive. Any other path (the dev build, the CLI, the tests) is left as it is.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}

/** The built main folder (`out/main`), from the workers' folder (`out/main/workers`), outside app.asar. */
function mainDirOf(workersDir: string): string {
  return unpackedPath(resolve(workersDir, '..'));
}

/** The tracer's boot folder (its `sitecustomize.py`) in the build. */
export function builtTracerBootDir(workersDir: string): string {
  return tracerBootDir(join(mainDirOf(workersDir), 'python'));
}

/** Experiment `id`'s lecture program in the build (`id` must already be a known experiment's). */
export function builtLectureFile(workersDir: string, id: string): string {
  return join(mainDirOf(workersDir), 'lecture', `${id}.py`);
}

/**
 * The text of experiment `id`'s lecture program: what the view shows as "the lecture's Python"
 * is the very file the lab runs (one source: `main/lab/experiments/<id>/lecture.py`). Empty when
 * the build has none for it.
 */
export function lectureText(workersDir: string, id: string): string {
  try {
    return readFileSync(builtLectureFile(workersDir, id), 'utf8');
  } catch {
    return '';
  }
}
