/// <reference lib="dom" />
/**
 * The process tree under presentation mode (Alt+P: the tree drawn at CSS `zoom: 1.6`), in a real
 * Chromium with real processes: the mouse lands where the student sees a node. The tree has no
 * d3-zoom of its own (it is a scrolled pane of positioned nodes, placed by `transform`); what the
 * pointer does on it is pick a node and scroll the pane with the wheel. Both must map the pointer
 * to the node drawn under it, at 1.6× as at 1×, and after a scroll. The one d3-zoom the view has
 * (the timeline's time axis, also drawn at 1.6×) must zoom about the pointer there too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;
beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await bench?.close();
});

const NODES = '.process-tree [role="treeitem"][data-pid]';

/**
 * Every process node whose on-screen centre (and some margin round it) is inside the tree's
 * scrolled viewport: its pid and that centre.
 */
async function nodesInView(page: Page): Promise<Array<{ pid: string; x: number; y: number }>> {
  return page.evaluate((sel) => {
    const view = document.querySelector('.process-tree .scroll')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>(sel)].flatMap((el) => {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      // Clear of the pane's edges (and its scroll bars) by a margin.
      const m = 24;
      const inside = x > view.left + m && x < view.right - m && y > view.top + m && y < view.bottom - m;
      return inside ? [{ pid: el.dataset.pid!, x, y }] : [];
    });
  }, NODES);
}

/** The pid of the tree node the browser hit-tests at a viewport point (what a click there reaches). */
const pidAt = (page: Page, x: number, y: number): Promise<string | null> =>
  page.evaluate(
    ([px, py]) => document.elementFromPoint(px!, py!)?.closest<HTMLElement>('[role="treeitem"]')?.dataset.pid ?? null,
    [x, y],
  );

/** Waits until the tree's pane has stopped scrolling (a wheel scroll is smooth: it takes frames). */
async function scrollSettled(page: Page): Promise<number> {
  let last = -1;
  for (;;) {
    const now = await page
      .locator('.process-tree .scroll')
      .evaluate(
        (el) => new Promise<number>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(el.scrollTop)))),
      );
    if (now === last) return now;
    last = now;
  }
}

/** Clicks at a point and checks that the node drawn there is the one selected. */
async function clickSelects(page: Page, node: { pid: string; x: number; y: number }, what: string): Promise<void> {
  expect(await pidAt(page, node.x, node.y), `${what}: hit test at the centre of pid ${node.pid}`).toBe(node.pid);
  await page.mouse.click(node.x, node.y);
  await expect
    .poll(() => page.locator(`${NODES}[aria-selected="true"]`).getAttribute('data-pid'), { timeout: 5000 })
    .toBe(node.pid);
}

describe('the tree under presentation mode', () => {
  it('a click picks the node drawn under the pointer, at 1× and at 1.6×, and after a wheel scroll', async () => {
    const { page } = bench;
    // Eight zombies held 20 s: nine nodes alive, taller than the pane at 1.6×, so it scrolls.
    await selectExperiment(page, 'zombie', { children: '8', holdMs: '20000', hz: '10', timeScale: '1' });
    await page.getByTestId('run').click();
    await expect
      .poll(() => page.locator(`${NODES}[data-state="Z"]`).count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(8);

    // At 1× first: the same checks, as the reference.
    const plain = await nodesInView(page);
    expect(plain.length).toBeGreaterThanOrEqual(2);
    await clickSelects(page, plain[1]!, '1×');

    await page.keyboard.press('Alt+KeyP');
    await expect.poll(() => page.getByTestId('app').getAttribute('data-presenting')).toBe('true');
    const zoom = await page.locator('.process-tree').evaluate((el) => getComputedStyle(el).zoom);
    expect(Number(zoom)).toBeCloseTo(1.6, 5);
    // Drawn larger: a node's on-screen box is 1.6× its layout size.
    const size = await page
      .locator(NODES)
      .first()
      .evaluate((el) => ({ drawn: el.getBoundingClientRect().height, laid: (el as HTMLElement).offsetHeight }));
    expect(size.drawn / size.laid).toBeCloseTo(1.6, 1);

    const zoomed = await nodesInView(page);
    expect(zoomed.length).toBeGreaterThanOrEqual(2);
    for (const [i, n] of zoomed.entries()) await clickSelects(page, n, `1.6× node ${i}`);
    await screenshot(page, 'tree-pointer-presentation');

    // The wheel over the tree scrolls its pane; the pointer still lands on what is drawn.
    const pane = page.locator('.process-tree .scroll');
    const box = (await pane.boundingBox())!;
    expect(await pane.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    await expect.poll(() => pane.evaluate((el) => el.scrollTop), { timeout: 5000 }).toBeGreaterThan(0);
    await scrollSettled(page);
    const scrolled = await nodesInView(page);
    expect(scrolled.length).toBeGreaterThanOrEqual(1);
    expect(scrolled.map((n) => n.pid)).not.toEqual(zoomed.map((n) => n.pid));
    for (const [i, n] of scrolled.entries()) await clickSelects(page, n, `1.6× scrolled node ${i}`);

    // Leave as found: out of presentation mode, the run stopped.
    await page.keyboard.press('Alt+KeyP');
    await expect.poll(() => page.getByTestId('app').getAttribute('data-presenting')).toBe('false');
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
  }, 60_000);

  it("the timeline's wheel zoom keeps the instant under the pointer, at 1× and at 1.6×", async () => {
    const { page } = bench;
    await selectExperiment(page, 'zombie', { children: '3', holdMs: '1500', hz: '10', timeScale: '1' });
    await runAndWait(page, 25_000);
    /** The widest state span of any lane: its screen edges are two instants of the run. */
    const span = (): Promise<{ l: number; r: number; y: number }> =>
      page.evaluate(() => {
        const boxes = [...document.querySelectorAll('[data-testid="lane"] rect[data-state]')].map((e) =>
          e.getBoundingClientRect(),
        );
        const b = boxes.sort((p, q) => q.width - p.width)[0]!;
        return { l: b.left, r: b.right, y: (b.top + b.bottom) / 2 };
      });
    for (const presenting of [false, true]) {
      if (presenting) {
        await page.keyboard.press('Alt+KeyP');
        await expect.poll(() => page.getByTestId('app').getAttribute('data-presenting')).toBe('true');
      }
      await page.getByTestId('timeline-reset').click();
      await page.getByTestId('timeline-svg').scrollIntoViewIfNeeded();
      const a = await span();
      const px = Math.round(a.l + (a.r - a.l) * 0.7);
      await page.mouse.move(px, a.y);
      await page.mouse.wheel(0, -300);
      await expect.poll(() => page.getByTestId('timeline-zoom').textContent()).not.toBe('×1.0');
      const b = await span();
      // A zoom is x → p + k·(x − p) on screen: both edges give k and the fixed point p.
      const k = (b.r - b.l) / (a.r - a.l);
      const fixed = (b.l - k * a.l) / (1 - k);
      expect(k, `zoom factor, presenting ${presenting}`).toBeGreaterThan(1.1);
      expect(Math.abs(fixed - px), `fixed point ${fixed} vs pointer ${px}, presenting ${presenting}`).toBeLessThan(3);
    }
    await page.getByTestId('timeline-reset').click();
    await page.keyboard.press('Alt+KeyP');
    await expect.poll(() => page.getByTestId('app').getAttribute('data-presenting')).toBe('false');
  }, 60_000);

  it('a large tree (300 zombies) puts only the nodes near the view in the page, and they are where the pointer is', async () => {
    const { page } = bench;
    await selectExperiment(page, 'zombie', {
      children: '300',
      pileUp: true,
      holdMs: '30000',
      hz: '10',
      timeScale: '1',
    });
    await page.getByTestId('run').click();
    const tree = page.locator('.process-tree [role="tree"]');
    // The 300 fold into one group node: open it as a student would.
    const group = page.locator('.process-tree [role="treeitem"][aria-expanded="false"][data-state="Z"]');
    await group.waitFor({ timeout: 30_000 });
    await group.click();
    await expect.poll(() => tree.getAttribute('data-nodes').then(Number), { timeout: 30_000 }).toBeGreaterThan(300);

    for (const presenting of [false, true]) {
      if (presenting) {
        await page.keyboard.press('Alt+KeyP');
        await expect.poll(() => page.getByTestId('app').getAttribute('data-presenting')).toBe('true');
      }
      const pane = page.locator('.process-tree .scroll');
      // Far fewer nodes in the page than in the tree.
      expect(await page.locator(NODES).count()).toBeLessThan(120);
      // The zombies' column (the deepest) in sight; then half-way down, by the wheel over the pane.
      await pane.evaluate((el) => (el.scrollLeft = el.scrollWidth));
      const box = (await pane.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const half = await pane.evaluate((el) => el.scrollHeight / 2);
      while ((await scrollSettled(page)) < half) await page.mouse.wheel(0, 2000);
      // The nodes drawn there are in the page, and a click reaches the one under the pointer.
      await expect.poll(async () => (await nodesInView(page)).length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
      const there = await nodesInView(page);
      await clickSelects(page, there[Math.floor(there.length / 2)]!, `large tree, presenting ${presenting}`);
      // The keyboard reaches a node out of the page: End focuses the last one, scrolled to.
      await page.keyboard.press('End');
      const last = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id ?? null);
      expect(last).not.toBeNull();
      const inView = await nodesInView(page);
      expect(inView.length).toBeGreaterThanOrEqual(1);
      await pane.evaluate((el) => (el.scrollTop = 0));
      await scrollSettled(page);
    }
    await screenshot(page, 'tree-pointer-large');
    await page.keyboard.press('Alt+KeyP');
    await expect.poll(() => page.getByTestId('app').getAttribute('data-presenting')).toBe('false');
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-state'), { timeout: 30_000 }).toBe('ended');
  }, 120_000);
});
