import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../../main/lab/common/errors';
import { clearPythonCache, findPython } from '../../../../main/lab/python/find-python';

describe('findPython', () => {
  it('resolves python3 on PATH to the real interpreter binary, not a shim', async () => {
    clearPythonCache();
    const found = await findPython();
    expect(found.command).toBe('python3');
    expect(found.version).toMatch(/^3\.\d+\.\d+$/);
    // The binary Python itself names; running it directly gives the same answer (no shim left).
    const again = execFileSync(found.executable, ['-c', 'import sys; print(sys.executable)']).toString().trim();
    expect(realpathSync(again)).toBe(realpathSync(found.executable));
    const onPath = execFileSync('sh', ['-c', 'command -v python3']).toString().trim();
    // Here python3 on PATH is pyenv's bash shim: what we found is not it.
    if (execFileSync('sh', ['-c', `head -c 2 "${onPath}"`]).toString() === '#!')
      expect(found.executable).not.toBe(onPath);
  });

  it('asks each interpreter only once', async () => {
    clearPythonCache();
    const a = findPython();
    const b = findPython();
    expect((await a).executable).toBe((await b).executable);
  });

  it('uses a --python path alone, and says in one sentence what failed and what to do', async () => {
    const err = await findPython({ python: '/nonexistent/python9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).message).toBe(
      'No usable Python interpreter (/nonexistent/python9: not found): give another path with --python PATH or in the settings.',
    );
  });

  it('refuses a program that is not Python', async () => {
    const err = await findPython({ python: '/bin/true' }).catch((e: unknown) => e);
    expect((err as LabError).message).toMatch(/\/bin\/true: is not a Python interpreter/);
  });

  it('with no Python on PATH, names both tries and how to point the lab at one', async () => {
    clearPythonCache();
    const err = await findPython({ env: { PATH: '/nonexistent' } }).catch((e: unknown) => e);
    expect((err as LabError).message).toBe(
      'No usable Python interpreter (python3: not found; python: not found): install Python 3.8 or later, or point the lab at one with --python PATH or in the settings.',
    );
  });
});
