/**
 * t() remembers its answers (the tree asks the same strings for every node, on every redraw): a
 * remembered answer is the one i18next gives, per language and per value, plural forms included.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage, t } from '../../../renderer/src/lib/i18n.svelte';

afterEach(() => setLanguage('zh'));

describe('t() with remembered answers', () => {
  it('answers per language, per value and per plural form, the same when asked again', () => {
    setLanguage('en');
    const one = t('tree.count', { count: 1 });
    const many = t('tree.count', { count: 500 });
    expect(one).toBe('1 process');
    expect(many).toBe('500 processes');
    expect(t('tree.count', { count: 1 })).toBe(one);
    expect(t('spark.summary', { label: 'CPU', latest: '3 %', max: '9 %' })).toBe('CPU: 3 % now, at most 9 %');
    expect(t('spark.summary', { label: 'RSS', latest: '3 %', max: '9 %' })).toBe('RSS: 3 % now, at most 9 %');
    setLanguage('zh');
    const zh = t('tree.count', { count: 1 });
    // The language is part of what is remembered: switching back and forth gives each its own.
    expect(zh).not.toBe(one);
    setLanguage('en');
    expect(t('tree.count', { count: 1 })).toBe(one);
    setLanguage('zh');
    expect(t('tree.count', { count: 1 })).toBe(zh);
  });
});
