/**
 * Where a traced run's Python files are found: in the build, and in a packaged app outside
 * app.asar (Python cannot read the archive; electron-builder unpacks them beside it).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  builtLectureFile,
  builtTracerBootDir,
  lectureText,
  unpackedPath,
} from '../../../../../main/lab/host/python/files';
import { WORKERS_DIR } from '../../../../helpers/lab';

describe('the Python files of a run', () => {
  it('are the build’s (out/main/python, out/main/lecture)', () => {
    expect(builtTracerBootDir(WORKERS_DIR)).toMatch(/out[\\/]main[\\/]python[\\/]process_lab_tracer[\\/]boot$/);
    expect(existsSync(builtTracerBootDir(WORKERS_DIR))).toBe(true);
    expect(existsSync(builtLectureFile(WORKERS_DIR, 'join'))).toBe(true);
    expect(lectureText(WORKERS_DIR, 'join')).toContain('from multiprocessing import Process');
    expect(lectureText(WORKERS_DIR, 'no-such-experiment')).toBe('');
  });

  // POSIX paths (path.resolve would prefix a drive on Windows); unpackedPath itself is checked on both below.
  it.skipIf(process.platform === 'win32')(
    'in a packaged app, are named outside app.asar (where asarUnpack puts them)',
    () => {
      const packaged = '/opt/Process Lab/resources/app.asar/out/main/workers';
      expect(builtTracerBootDir(packaged)).toBe(
        '/opt/Process Lab/resources/app.asar.unpacked/out/main/python/process_lab_tracer/boot',
      );
      expect(builtLectureFile(packaged, 'join')).toBe(
        '/opt/Process Lab/resources/app.asar.unpacked/out/main/lecture/join.py',
      );
    },
  );

  it('unpackedPath: app.asar → app.asar.unpacked, one path segment exactly', () => {
    expect(unpackedPath('C:\\Program Files\\Process Lab\\resources\\app.asar\\out\\main')).toBe(
      'C:\\Program Files\\Process Lab\\resources\\app.asar.unpacked\\out\\main',
    );
    // Already outside, or a folder that only looks alike: unchanged.
    for (const p of ['/x/app.asar.unpacked/out/main', '/x/myapp.asar/out', '/x/app.asarx/out', '/work/out/main'])
      expect(unpackedPath(p)).toBe(p);
  });
});
