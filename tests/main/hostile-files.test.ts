/**
 * The settings and window-state files as an attacker (or a broken disk) could leave them: a
 * FIFO, a /dev/zero link, a directory, a huge file, `__proto__` JSON. Each gives the default and
 * one clear log line at once: the app never freezes or crashes at start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../contract/ipc';
import { SettingsStore } from '../../main/settings';
import { DEFAULT_WINDOW_STATE, loadWindowState } from '../../main/shell/window-state';
import { hostileFiles } from '../helpers/hostile-files';

const dir = mkdtempSync(join(tmpdir(), 'process-lab-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile settings and window-state files', () => {
  it('each gives the defaults and one log line, within a second', () => {
    const files = hostileFiles(dir);
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(5);
    for (const [name, file] of Object.entries(files)) {
      const t0 = Date.now();
      const logged: string[] = [];
      expect(new SettingsStore(file, (m) => logged.push(m)).get(), name).toEqual(DEFAULT_SETTINGS);
      expect(
        loadWindowState(file, (m) => logged.push(m)),
        name,
      ).toEqual(DEFAULT_WINDOW_STATE);
      expect(Date.now() - t0, name).toBeLessThan(1000);
      expect(logged, name).toHaveLength(2);
      expect(logged[0]).toMatch(/using the defaults/);
      expect(logged[1]).toMatch(/using the default size/);
    }
  });
});
