/**
 * Both languages, switched through the UI: the top bar's toggle turns an English page Chinese
 * (experiment names, buttons, the OS's answers, the tree's state words), the choice survives a
 * reload, and the settings dialog turns it back. The zombie experiment runs in Chinese, ending
 * with the lecture's fix: kill the parent, and the adopter reaps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fact, openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;

beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await bench?.close();
});

describe('language, switched from the UI', () => {
  it('shows Chinese after the toggle, runs zombie in Chinese, keeps the choice, and switches back', async () => {
    const { page } = bench;
    const zombieItem = page.getByTestId('exp-zombie');
    await expect(zombieItem.textContent()).resolves.toContain('Zombie processes');

    await page.getByTestId('language-toggle').click();
    await expect(zombieItem.textContent()).resolves.toContain('僵尸进程');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');

    await selectExperiment(page, 'zombie', { timeScale: '0.5', hz: '10', holdMs: '6000', end: 'kill-parent' });
    await expect(page.getByTestId('run').textContent()).resolves.toBe('运行');
    await expect(page.getByTestId('predict').textContent()).resolves.toContain('先预测，再观察');
    await page.getByTestId('guess-Z').check();
    const before = await page.getByTestId('panel').getAttribute('data-run-id');
    await page.getByTestId('run').click();
    const zombie = page.locator('.process-tree [role="treeitem"][data-state="Z"]').first();
    await zombie.waitFor({ timeout: 10_000 });
    await expect(zombie.textContent()).resolves.toContain('Z 僵尸');
    await expect(page.getByTestId('tree-counts').textContent()).resolves.toContain('个僵尸进程');
    await screenshot(page, 'zombie-zh');

    await expect
      .poll(
        async () => {
          const panel = page.getByTestId('panel');
          return (
            (await panel.getAttribute('data-run-id')) !== before && (await panel.getAttribute('data-state')) === 'ended'
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await fact(page, 'zombiesSeen')).toBe('3');
    expect(await fact(page, 'reapedBy')).toMatch(/^父进程被杀死后，由收养者 pid \d+（.+）回收$/);
    await expect(page.getByTestId('facts').textContent()).resolves.toContain('操作系统的结果');
    await expect(page.getByTestId('predict-os').textContent()).resolves.toBe('Z 状态：僵尸进程');
    await screenshot(page, 'zombie-zh-after');

    // The choice is the user's: a reload keeps it.
    await page.reload();
    await page.locator('[data-testid="status"][data-status="connected"]').waitFor();
    await expect(zombieItem.textContent()).resolves.toContain('僵尸进程');

    // And the settings dialog turns it back.
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-language').selectOption('en');
    await page.getByTestId('settings-save').click();
    await expect(zombieItem.textContent()).resolves.toContain('Zombie processes');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });

  it('runs lifecycle in Chinese after Alt+L, with the exit code Python prints', async () => {
    const { page } = bench;
    await page.locator('body').press('Alt+L');
    await expect(page.getByTestId('exp-lifecycle').textContent()).resolves.toContain('name、is_alive、terminate、kill');
    await selectExperiment(page, 'lifecycle', { timeScale: '0.3', hz: '10' });
    await runAndWait(page);
    expect(await fact(page, 'pyExitcode')).toBe('-15');
    await expect(page.getByTestId('fact-pyExitcode').locator('dt').textContent()).resolves.toBe(
      'p1.exitcode（被 SIGTERM 结束）',
    );
    await screenshot(page, 'lifecycle-zh');
  });
});
