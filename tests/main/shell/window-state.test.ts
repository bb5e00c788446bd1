/** The window's remembered bounds: validated, and never restored off-screen. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
} from '../../../main/shell/window-state';

const dir = mkdtempSync(join(tmpdir(), 'process-lab-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('round-trips through its file', () => {
    const file = join(dir, 'a.json');
    saveWindowState(file, { x: 10, y: 20, width: 900, height: 700, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: true });
  });

  it('uses the default for a missing, broken or absurd file (logging the last two)', () => {
    const logged: string[] = [];
    expect(loadWindowState(join(dir, 'none.json'), (m) => logged.push(m))).toEqual(DEFAULT_WINDOW_STATE);
    for (const bad of [
      '{',
      '{"width": 10, "height": 10}',
      '{"width": 800, "height": 600, "x": 1e12, "y": 0}',
      '{"width":"800","height":600}',
    ]) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, bad);
      expect(
        loadWindowState(file, (m) => logged.push(m)),
        bad,
      ).toEqual(DEFAULT_WINDOW_STATE);
    }
    expect(logged).toHaveLength(4);
  });

  it('keeps a visible position, drops one no display shows, and caps the size', () => {
    expect(fitToDisplays({ x: 100, y: 100, width: 800, height: 600, maximized: false }, screen)).toEqual({
      x: 100,
      y: 100,
      width: 800,
      height: 600,
      maximized: false,
    });
    // A second monitor was unplugged.
    expect(fitToDisplays({ x: 2500, y: 100, width: 800, height: 600, maximized: false }, screen)).toEqual({
      width: 800,
      height: 600,
      maximized: false,
    });
    expect(fitToDisplays({ width: 5000, height: 4000, maximized: false }, screen)).toEqual({
      width: 1920,
      height: 1080,
      maximized: false,
    });
  });
});
