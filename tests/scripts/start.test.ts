import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start without an Electron binary', () => {
  it('says so in one paragraph, points at the CLI, and prints no stack trace', () => {
    const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/start.js')], {
      // An Electron dist folder that does not exist: what an offline install looks like to us.
      env: { ...process.env, PROCESS_LAB_SKIP_BUILD: '1', ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('could not start Electron');
    expect(r.stderr).toContain('npm run -s lab -- list');
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
