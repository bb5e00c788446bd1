/** The view's settings: validated on the way in, kept in storage, defaults for anything odd. */
import { describe, expect, it } from 'vitest';
import { VIEW_DEFAULTS, ViewSettingsStore, sanitizeSettings } from '../../../renderer/src/lib/settings.svelte';

function memoryStorage(init: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(init));
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('view settings', () => {
  it('keeps valid fields and replaces the rest with defaults', () => {
    expect(sanitizeSettings({ hz: 10, timeScale: 99, keepExitedSec: -1, language: 'fr' })).toEqual({
      ...VIEW_DEFAULTS,
      hz: 10,
    });
    expect(sanitizeSettings('nonsense')).toEqual(VIEW_DEFAULTS);
  });
  it('saves every change and reads it back; a broken entry is the defaults', () => {
    const storage = memoryStorage();
    const a = new ViewSettingsStore(storage);
    expect(a.hadStoredLanguage).toBe(false);
    a.update({ timeScale: 0.3, language: 'zh' });
    const b = new ViewSettingsStore(storage);
    expect(b.value).toMatchObject({ timeScale: 0.3, language: 'zh' });
    expect(b.hadStoredLanguage).toBe(true);
    expect(new ViewSettingsStore(memoryStorage({ 'process-lab.settings.v1': '{' })).value).toEqual(VIEW_DEFAULTS);
  });
});

describe('presentation mode', () => {
  it('is off by default, for an older entry without it, and for anything but true', () => {
    expect(VIEW_DEFAULTS.presentation).toBe(false);
    expect(sanitizeSettings({ hz: 2 }).presentation).toBe(false);
    expect(sanitizeSettings({ presentation: 'yes' }).presentation).toBe(false);
    expect(sanitizeSettings({ presentation: 1 }).presentation).toBe(false);
  });
  it('is remembered in storage', () => {
    const storage = memoryStorage();
    new ViewSettingsStore(storage).update({ presentation: true });
    expect(new ViewSettingsStore(storage).value.presentation).toBe(true);
  });
});
