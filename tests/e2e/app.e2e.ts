/**
 * The app around the experiments, at the smallest window it supports (1024×700) and in a
 * browser whose language is Chinese: it follows the system's language, fits without scrolling
 * sideways, answers the keyboard, validates options at the field, shows the door's refusals
 * inline, keeps its settings, stops a run on demand, exports, and asks before killing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;

beforeAll(async () => {
  bench = await openBench({ locale: 'zh-CN', viewport: { width: 1024, height: 700 } });
});
afterAll(async () => {
  await bench?.close();
});

describe('the app', () => {
  it('follows the system language and fits 1024×700', async () => {
    const { page } = bench;
    await expect(page.getByTestId('exp-zombie').textContent()).resolves.toContain('僵尸进程');
    // A string: this file is type-checked for Node, without the DOM's types.
    const [scrollWidth, clientWidth] = await page.evaluate<[number, number]>(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    // The experiments are listed in the lecture's order, ticket race last; then "Your program".
    const ids = await page
      .locator('[data-testid^="exp-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(ids.slice(-2)).toEqual(['exp-ticket-race', 'exp-your-program']);
    expect(ids.indexOf('exp-join')).toBeLessThan(ids.indexOf('exp-zombie'));
    await screenshot(page, 'app-1024x700');
  });

  it('is driven by the keyboard: experiments, splitters, shortcuts', async () => {
    const { page } = bench;
    await page.getByTestId('exp-join').click();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-experiment')).toBe('lifecycle');
    const splitter = page.getByTestId('splitter-left');
    const width = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(width + 16);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-dialog').isVisible()).resolves.toBe(true);
    await screenshot(page, 'app-shortcuts');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-dialog').isVisible()).resolves.toBe(false);
  });

  it('follows the OS into dark mode and back', async () => {
    const { page } = bench;
    const background = (): Promise<string> => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(background()).resolves.toBe('rgb(13, 17, 23)');
    await screenshot(page, 'app-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(background()).resolves.toBe('rgb(255, 255, 255)');
  });

  it('says at the field what is wrong with an option, and shows the door’s refusal inline', async () => {
    const { page } = bench;
    await selectExperiment(page, 'join', { timeScale: '0' });
    await expect(page.getByTestId('field-error-timeScale').textContent()).resolves.toBe('必须在 0.01 到 10 之间。');
    await expect(page.getByTestId('run').isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: '恢复默认值' }).click();
    await expect(page.getByTestId('run').isEnabled()).resolves.toBe(true);

    // Valid field by field, refused as a whole by the engine: a schedule needs mode unsafe.
    await selectExperiment(page, 'ticket-race', { mode: 'serial', schedule: 'r1,r2,w1,w2' });
    await page.getByTestId('run').click();
    const error = page.getByTestId('run-error');
    await error.waitFor();
    await expect(error.getAttribute('data-code')).resolves.toBe('bad-options');
    await expect(error.textContent()).resolves.toContain('选项被拒绝');
    await expect(error.textContent()).resolves.toContain('only with mode unsafe');
    await screenshot(page, 'app-error');
    await page.getByRole('button', { name: '恢复默认值' }).click();
  });

  it('keeps its settings: the time scale becomes every run’s default, also after a reload', async () => {
    const { page } = bench;
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-timeScale').fill('0.3');
    await page.getByTestId('setting-hz').fill('10');
    await page.getByTestId('settings-save').click();
    await selectExperiment(page, 'daemon');
    await expect(page.locator('#opt-daemon-timeScale').inputValue()).resolves.toBe('0.3');
    await page.reload();
    await page.locator('[data-testid="status"][data-status="connected"]').waitFor();
    await selectExperiment(page, 'daemon');
    await expect(page.locator('#opt-daemon-timeScale').inputValue()).resolves.toBe('0.3');
    await expect(page.locator('#opt-daemon-hz').inputValue()).resolves.toBe('10');
    await screenshot(page, 'app-settings');
  });

  it('shows progress, stops a run on demand, and exports the run and its timeline', async () => {
    const { page } = bench;
    // daemon at time scale 3 would take about 9 s: Stop ends it early.
    await selectExperiment(page, 'daemon', { timeScale: '3' });
    await page.getByTestId('run').click();
    await expect
      .poll(() => page.getByTestId('run-progress').getAttribute('data-running'), { timeout: 10_000 })
      .toBe('true');
    await expect(page.getByTestId('run-progress').locator('progress').count()).resolves.toBe(1);
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    await expect(page.getByTestId('run-done').textContent()).resolves.toContain('已提前停止');

    await selectExperiment(page, 'lifecycle', { timeScale: '0.3' });
    const runId = await runAndWait(page);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(json.suggestedFilename()).toBe(`process-lab-lifecycle-${runId}.json`);
    const report = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
      runId: string;
      facts: { pyExitcode: number };
    };
    expect(report.runId).toBe(runId);
    expect(report.facts.pyExitcode).toBe(-15);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toBe(`process-lab-lifecycle-${runId}-timeline.png`);
    expect(
      readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    await screenshot(page, 'app-export');
  });

  it('asks before killing every lab process, and reports what it did', async () => {
    const { page } = bench;
    await page.getByTestId('kill-all').click();
    const dialog = page.getByTestId('kill-all-dialog');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await expect(dialog.textContent()).resolves.toContain('SIGTERM');
    await page.keyboard.press('Escape');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('kill-all-result').count()).resolves.toBe(0);

    await page.getByTestId('kill-all').click();
    await page.getByTestId('kill-all-dialog-confirm').click();
    await expect(page.getByTestId('kill-all-result').textContent()).resolves.toBe('所有实验进程都已结束。');
    await screenshot(page, 'app-kill-all');
  });
  it('says so when the lab goes away (the bridge ends), instead of showing stale runs as live', async () => {
    const { page } = bench;
    await bench.stopServer();
    const status = page.locator('[data-testid="status"][data-status="lost"]');
    await status.waitFor({ timeout: 10_000 });
    await expect(status.textContent()).resolves.toContain('刷新页面');
  });
});
