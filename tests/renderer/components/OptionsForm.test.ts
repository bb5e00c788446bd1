/**
 * An option this machine cannot honour is shown disabled with its reason, in both languages:
 * the parallel experiment's "1 core" as the engine describes it on macOS and on Windows (where
 * no CPU pinning is offered), and enabled with no reason where the engine found taskset.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import OptionsForm from '../../../renderer/src/components/OptionsForm.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { experimentInfo } from '../../../main/lab/host/experiment-info';
import { parallel } from '../../../main/lab/experiments/parallel/info';
import { findTaskset } from '../../../main/lab/experiments/parallel/one-core';

afterEach(() => setLanguage('zh'));

function form(platform: NodeJS.Platform): void {
  render(OptionsForm, {
    experiment: 'parallel',
    options: experimentInfo(parallel, platform).options,
    raw: {},
    errors: {},
    disabled: false,
    onchange: () => {},
    onreset: () => {},
  });
}

describe('OptionsForm: an option not available here', () => {
  it.each([
    ['darwin', 'en', /Not available here: not on macOS/],
    ['win32', 'en', /Not available here: not on Windows/],
    ['darwin', 'zh', /本机不可用：macOS 上不可用/],
  ] as const)('on %s (%s): "1 core" is disabled and says why', (platform, lang, why) => {
    setLanguage(lang);
    form(platform);
    const box = document.querySelector<HTMLInputElement>('#opt-parallel-oneCore')!;
    expect(box.disabled).toBe(true);
    expect(screen.getByTestId('unavailable-oneCore')).toHaveTextContent(why);
    expect(box.getAttribute('aria-describedby')).toContain('opt-parallel-oneCore-why');
  });

  it.runIf(process.platform === 'linux' && findTaskset() !== null)('on this Linux with taskset: enabled', () => {
    setLanguage('en');
    form('linux');
    expect(document.querySelector<HTMLInputElement>('#opt-parallel-oneCore')!.disabled).toBe(false);
    expect(screen.queryByTestId('unavailable-oneCore')).toBeNull();
  });
});
