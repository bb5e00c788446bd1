/**
 * An option the engine says this machine cannot honour (`unavailable`, as it describes the
 * parallel experiment's "1 core" on macOS or Windows: tests/main/lab/experiments/parallel/
 * one-core.test.ts) is shown disabled with its reason, in both languages; with no reason it is
 * an ordinary checkbox.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { OptionInfo } from '../../../contract/ipc';
import OptionsForm from '../../../renderer/src/components/OptionsForm.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';

afterEach(() => setLanguage('zh'));

const WHY = {
  en: 'not on macOS: it offers no way to pin a process to one CPU',
  zh: 'macOS 上不可用：它不提供把进程固定到一个 CPU 的方法',
};

function form(unavailable: typeof WHY | null): void {
  const option: OptionInfo = { key: 'oneCore', kind: 'boolean', default: false, common: false, help: WHY, unavailable };
  render(OptionsForm, {
    experiment: 'parallel',
    options: [option],
    raw: {},
    errors: {},
    disabled: false,
    onchange: () => {},
    onreset: () => {},
  });
}

describe('OptionsForm: an option not available here', () => {
  it.each([
    ['en', 'Not available here: not on macOS'],
    ['zh', '本机不可用：macOS 上不可用'],
  ] as const)('is disabled and says why (%s)', (lang, text) => {
    setLanguage(lang);
    form(WHY);
    const box = document.querySelector<HTMLInputElement>('#opt-parallel-oneCore')!;
    expect(box.disabled).toBe(true);
    expect(screen.getByTestId('unavailable-oneCore')).toHaveTextContent(text);
    expect(box.getAttribute('aria-describedby')).toContain('opt-parallel-oneCore-why');
  });

  it('with no reason, an ordinary checkbox', () => {
    setLanguage('en');
    form(null);
    expect(document.querySelector<HTMLInputElement>('#opt-parallel-oneCore')!.disabled).toBe(false);
    expect(screen.queryByTestId('unavailable-oneCore')).toBeNull();
  });
});
