/**
 * Hostile files at a path the lab reads: a FIFO (would block forever), a link to /dev/zero
 * (would read until memory runs out), a directory, a huge file, `__proto__` JSON. Each gives one
 * clear reason at once, never a throw or a hang.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safeReadFile, safeReadJson } from '../../../../main/lab/common/safe-read';
import { hostileFiles } from '../../../helpers/hostile-files';

const dir = mkdtempSync(join(tmpdir(), 'process-lab-safe-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const POSIX = process.platform !== 'win32';

describe('safeReadFile / safeReadJson', () => {
  it('reads a plain small file, and says "missing" for none', () => {
    writeFileSync(join(dir, 'ok.json'), '{"a":1}');
    expect(safeReadJson(join(dir, 'ok.json'), 100)).toEqual({ kind: 'ok', value: { a: 1 } });
    expect(safeReadFile(join(dir, 'none.json'), 100)).toEqual({ kind: 'missing' });
  });

  it('refuses every hostile file with one reason, quickly', () => {
    const files = hostileFiles(mkdtempSync(join(dir, 'h-')));
    const t0 = Date.now();
    const reasons = Object.fromEntries(
      Object.entries(files).map(([name, path]) => {
        const r = safeReadJson(path, 64 * 1024);
        expect(r.kind, name).toBe('refused');
        return [name, r.kind === 'refused' ? r.reason : ''];
      }),
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(reasons.directory).toMatch(/not a regular file \(a directory\)/);
    expect(reasons.huge).toMatch(/too large/);
    expect(reasons.proto).toMatch(/__proto__/);
    expect(reasons.constructor).toMatch(/constructor/);
    expect(reasons.broken).toMatch(/not valid JSON/);
    if (POSIX) {
      expect(reasons['dev-zero']).toMatch(/symbolic link/);
      expect(reasons.fifo).toMatch(/a FIFO/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a file owned by another user when asked', () => {
    writeFileSync(join(dir, 'mine.json'), '{}');
    const me = process.getuid?.();
    if (me === undefined) return;
    expect(safeReadFile(join(dir, 'mine.json'), 10, me).kind).toBe('ok');
    expect(safeReadFile(join(dir, 'mine.json'), 10, me + 1)).toMatchObject({ reason: /owned by uid/ });
  });
});
