/// <reference lib="dom" />
/**
 * The classroom view in a real Chromium: for every experiment, once it has run, Run and the
 * verdict (predict-then-observe's answer) are inside the viewport without scrolling, at 1024×700
 * and 1440×900, light and dark, in English and Chinese, and in presentation mode at 1280×720;
 * the bench never scrolls sideways at 960 px nor at 150 % zoom. Each case leaves a screenshot.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;
beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await bench?.close();
});

/** Fast runs: every experiment's times scaled down, sampled often enough to see its states. */
const FAST = { timeScale: '0.2', hz: '10' };
const EXPERIMENTS = [
  'parallel',
  'spawn',
  'isolation',
  'join',
  'lifecycle',
  'zombie',
  'orphan',
  'daemon',
  'ticket-race',
];

/** Whether the element with `testid` lies wholly inside the viewport, as the page is now (no scrolling). */
async function inView(page: Page, testid: string): Promise<{ ok: boolean; box: string }> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return { ok: false, box: 'missing' };
    const r = el.getBoundingClientRect();
    const ok = r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    return {
      ok,
      box: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${innerWidth}×${innerHeight}`,
    };
  }, testid);
}

/** Sideways scroll of the page, or of the bench's own columns (which hide overflow). */
async function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const s = document.scrollingElement!;
    if (s.scrollWidth > s.clientWidth + 1) out.push(`page ${s.scrollWidth} > ${s.clientWidth}`);
    const bench = document.querySelector('.bench')!;
    if (bench.scrollWidth > bench.clientWidth + 1) out.push(`bench ${bench.scrollWidth} > ${bench.clientWidth}`);
    const right = document.querySelector('[data-testid="panel"]')!.getBoundingClientRect().right;
    if (right > bench.getBoundingClientRect().right + 1) out.push(`panel cut off at ${right}`);
    // Nor cut off at the bottom: the timeline pane ends inside the window.
    const timeline = document.querySelector('[data-testid="timeline-pane"]')!.getBoundingClientRect();
    if (timeline.bottom > bench.getBoundingClientRect().bottom + 1) out.push(`timeline cut off at ${timeline.bottom}`);
    const list = document.querySelector('.experiment-list');
    if (list && list.scrollWidth > list.clientWidth + 1)
      out.push(`experiment list ${list.scrollWidth} > ${list.clientWidth}`);
    return out;
  });
}

async function expectKeyMomentInView(page: Page, what: string): Promise<void> {
  for (const id of ['run', 'predict-answer']) {
    const r = await inView(page, id);
    expect(r.ok, `${what}: ${id} at ${r.box}`).toBe(true);
  }
}

async function setLanguage(page: Page, l: 'en' | 'zh'): Promise<void> {
  const now = await page.evaluate(() => document.documentElement.lang);
  if (now.startsWith(l)) return;
  await page.getByTestId('language-toggle').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toMatch(l === 'zh' ? /^zh/ : /^en/);
}

describe('the key moment without scrolling', () => {
  for (const id of EXPERIMENTS) {
    it(`${id}: Run and the verdict in view at 1024×700 and 1440×900, light and dark, both languages`, async () => {
      const { page } = bench;
      await page.setViewportSize({ width: 1440, height: 900 });
      await setLanguage(page, 'en');
      await selectExperiment(page, id, FAST);
      await runAndWait(page, 25_000);
      await expect.poll(() => page.getByTestId('predict-answer').count()).toBe(1);
      // Once a run exists, the options are folded (and the keyboard can open them).
      expect(await page.getByTestId('options-section').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      for (const [w, h] of [
        [1024, 700],
        [1440, 900],
      ] as const)
        for (const scheme of ['light', 'dark'] as const)
          for (const l of ['en', 'zh'] as const) {
            await page.setViewportSize({ width: w, height: h });
            await page.emulateMedia({ colorScheme: scheme });
            await setLanguage(page, l);
            await expectKeyMomentInView(page, `${id} ${w}×${h} ${scheme} ${l}`);
            if (w === 1024 && scheme === 'light') await screenshot(page, `classroom-${id}-${w}x${h}-${l}`);
          }
      await page.emulateMedia({ colorScheme: 'light' });
      await setLanguage(page, 'en');
    });
  }
});

describe('presentation mode and narrow windows', () => {
  it('presentation mode at 1280×720: toggled by Alt+P, remembered, tree + timeline + one big verdict', async () => {
    const { page } = bench;
    await page.setViewportSize({ width: 1280, height: 720 });
    await selectExperiment(page, 'zombie', FAST);
    await runAndWait(page, 25_000);
    const app = page.getByTestId('app');
    const verdictSize = async (): Promise<number> =>
      page.getByTestId('predict-os').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await verdictSize();
    await page.keyboard.press('Alt+KeyP');
    await expect.poll(() => app.getAttribute('data-presenting')).toBe('true');
    expect(await page.getByTestId('presentation-toggle').getAttribute('aria-pressed')).toBe('true');
    // The list and the options step aside; the tree, the timeline and the verdict stay, larger.
    expect(await page.locator('.experiment-list').count()).toBe(0);
    expect(await page.getByTestId('options-section').count()).toBe(0);
    expect(await inView(page, 'tree-pane')).toMatchObject({ ok: true });
    expect(await inView(page, 'timeline-pane')).toMatchObject({ ok: true });
    expect(await verdictSize()).toBeGreaterThanOrEqual(normal * 1.5);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expectKeyMomentInView(page, `presentation ${scheme}`);
      await screenshot(page, `classroom-presentation-1280x720-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Each experiment, presented: Run and the verdict stay in view.
    for (const id of ['join', 'ticket-race']) {
      // Leave presentation mode to set the options at the desk, then present the result.
      await page.keyboard.press('Alt+KeyP');
      await expect.poll(() => app.getAttribute('data-presenting')).toBe('false');
      await selectExperiment(page, id, FAST);
      await runAndWait(page, 25_000);
      await page.getByTestId('presentation-toggle').click();
      await expect.poll(() => app.getAttribute('data-presenting')).toBe('true');
      await expectKeyMomentInView(page, `presentation ${id}`);
      await screenshot(page, `classroom-presentation-${id}`);
    }
    // Remembered: a reload comes back presenting.
    await page.reload();
    await page.locator('[data-testid="status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    expect(await app.getAttribute('data-presenting')).toBe('true');
    await page.getByTestId('presentation-toggle').click();
    await expect.poll(() => app.getAttribute('data-presenting')).toBe('false');
  }, 90_000);

  it('no sideways scroll at 960 px, nor at 150 % zoom; the details pane only once a process is selected', async () => {
    const { page } = bench;
    await page.setViewportSize({ width: 1440, height: 900 });
    await selectExperiment(page, 'join', FAST);
    await runAndWait(page, 25_000);
    // Readable text: tree nodes, state badges, lane labels and marker labels (were 11.5/9/11/9 px).
    const px = (sel: string): Promise<number> =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await px('.process-tree [role="treeitem"]')).toBeGreaterThanOrEqual(13);
    expect(await px('.process-tree .badge')).toBeGreaterThanOrEqual(11);
    expect(await px('[data-testid="lane-label"]')).toBeGreaterThanOrEqual(13);
    expect(await px('[data-testid="mark"] text')).toBeGreaterThanOrEqual(11);
    expect(await page.getByTestId('process-details').count()).toBe(0);
    await page.locator('.process-tree [role="treeitem"]').first().click();
    await expect.poll(() => page.getByTestId('process-details').count()).toBe(1);
    await page.getByTestId('details-close').click();
    await expect.poll(() => page.getByTestId('process-details').count()).toBe(0);

    await page.setViewportSize({ width: 960, height: 700 });
    expect(await sideways(page)).toEqual([]);
    await expectKeyMomentInView(page, '960×700');
    await screenshot(page, 'classroom-960');

    // 150 % zoom of a 1440×900 window: CSS zoom on the whole page.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => (document.documentElement.style.zoom = '1.5'));
    expect(await sideways(page)).toEqual([]);
    await screenshot(page, 'classroom-zoom-150');
    await page.evaluate(() => (document.documentElement.style.zoom = ''));
  }, 60_000);
});
