/**
 * "Compare start methods" in a real Chromium against the built browser bridge and the real
 * python3: the lecture's zombie program run under fork, spawn and forkserver one after the
 * other from the panel, and three trees side by side; in forkserver's, the forkserver process
 * is there and the lecture's child hangs under it, not under the script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBench, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;

beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await bench?.close();
});

describe("the lecture's Python under each start method (English)", () => {
  it('compare mode: three trees, the forkserver node in the forkserver tree', { timeout: 120_000 }, async () => {
    const { page } = bench;
    // The lecture sleeps 3 s before join(): ×0.25 keeps several 20 Hz ticks in it to see the Z.
    await selectExperiment(page, 'zombie', { timeScale: '0.25', hz: '20' });
    await page.locator('[data-testid="run-as"] input[value="lecture"]').check();
    const compare = page.getByTestId('start-compare');
    await compare.waitFor();
    await compare.getByTestId('compare-predict-parent').getByTestId('guess-main').check();
    await compare.getByTestId('compare-run').click();
    const trees = compare.getByTestId('compare-trees');
    await expect.poll(() => trees.getAttribute('data-state'), { timeout: 90_000 }).toBe('ended');

    const columns = compare.getByTestId('compare-tree');
    await expect.poll(() => columns.count()).toBe(3);
    const states = await columns.evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-method'), e.getAttribute('data-state')]),
    );
    expect(states).toEqual([
      ['fork', 'ended'],
      ['spawn', 'ended'],
      ['forkserver', 'ended'],
    ]);
    /** The name of the node a process's node hangs under, in one method's tree. */
    const parentOf = (method: string, name: string) =>
      compare.locator(`[data-method="${method}"]`).evaluate(
        (tree, n) =>
          [...tree.querySelectorAll('[data-testid="compare-node"]')]
            .find((el) => el.querySelector('strong')?.textContent === n)
            ?.closest('li')
            ?.parentElement?.closest('li')
            ?.querySelector('strong')?.textContent ?? null,
        name,
      );
    const fsTree = compare.locator('[data-method="forkserver"]');
    await expect.poll(() => fsTree.locator('[data-testid="compare-node"][data-role="forkserver"]').count()).toBe(1);
    expect(await parentOf('forkserver', 'Process-1')).toBe('forkserver');
    expect(await parentOf('forkserver', 'forkserver')).toBe('MainProcess');
    expect(await parentOf('fork', 'Process-1')).toBe('MainProcess');

    // The guess "main" was about forkserver: wrong, and its button points at the forkserver node.
    const answer = compare.getByTestId('compare-predict-parent').getByTestId('predict-answer');
    expect(await answer.getAttribute('data-verdict')).toBe('wrong');
    await answer.getByTestId('show-answer').click();
    const server = fsTree.locator('[data-testid="compare-node"][data-role="forkserver"]');
    await expect.poll(() => server.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'start-methods');
  });
});
