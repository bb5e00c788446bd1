/** Every string of the app area exists in both languages (plural forms aside: zh has one). */
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/locales/en/app';
import zh from '../../../renderer/src/locales/zh/app';

const base = (keys: string[]): string[] => [...new Set(keys.map((k) => k.replace(/_(one|other)$/, '')))].sort();

describe('app strings', () => {
  it('has the same keys in English and Chinese', () => {
    expect(base(Object.keys(zh))).toEqual(base(Object.keys(en)));
  });
  it('has no empty string', () => {
    for (const [k, v] of [...Object.entries(en), ...Object.entries(zh)]) expect(v.trim(), k).not.toBe('');
  });
});
