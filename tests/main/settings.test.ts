/**
 * Settings on disk: defaults when missing, defaults plus one clear log line when broken, and
 * only validated values ever written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../contract/ipc';
import { SettingsStore } from '../../main/settings';

const dir = mkdtempSync(join(tmpdir(), 'process-lab-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function store(content: string | null) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  if (content !== null) writeFileSync(file, content);
  const logged: string[] = [];
  return { s: new SettingsStore(file, (m) => logged.push(m)), file, logged };
}

describe('SettingsStore', () => {
  it('starts with the defaults when there is no file, silently', () => {
    const { s, logged } = store(null);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(logged).toEqual([]);
  });

  it('falls back to the defaults with one log line for a broken or hostile file', () => {
    for (const bad of [
      '{not json',
      '[]',
      '"x"',
      '{"keepInTray": "yes"}',
      '{"language": "fr"}',
      '{"keepInTray": true, "evil": 1}',
    ]) {
      const { s, logged, file } = store(bad);
      expect(s.get(), bad).toEqual(DEFAULT_SETTINGS);
      expect(logged, bad).toHaveLength(1);
      expect(logged[0]).toContain(file);
      expect(logged[0]).toMatch(/using the defaults/);
    }
  });

  it('fills keys missing from an older file, and keeps valid ones', () => {
    const { s, logged } = store('{"language": "zh"}');
    expect(s.get()).toEqual({ keepInTray: true, language: 'zh', pythonPath: '' });
    expect(logged).toEqual([]);
  });

  it('validates a change, writes it, tells the listeners', () => {
    const { s, file } = store(null);
    const seen: unknown[] = [];
    s.onChange((v) => seen.push(v));
    expect(s.set({ keepInTray: false })).toEqual({ keepInTray: false, language: 'auto', pythonPath: '' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ keepInTray: false, language: 'auto', pythonPath: '' });
    expect(seen).toEqual([{ keepInTray: false, language: 'auto', pythonPath: '' }]);
    expect(() => s.set({ language: 'fr' } as never)).toThrow(/language/);
    expect(new SettingsStore(file).get()).toEqual({ keepInTray: false, language: 'auto', pythonPath: '' });
  });

  it('keeps settings in memory only when given no file', () => {
    const s = new SettingsStore(null);
    expect(s.set({ language: 'en' }).language).toBe('en');
  });
});
