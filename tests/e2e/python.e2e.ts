/**
 * Real Python from the page, in a real Chromium against the built browser server: "Your
 * program" (a `.py` file of a folder named by `--programs DIR`, picked in the list, run traced:
 * its processes in the tree, its prints in their details, its calls on the timeline), the same
 * entry without a folder (it says how to start the server), and the lecture's own Python for
 * one experiment (join) through the panel's "the lecture's Python" toggle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'pl-e2e-programs-'));
// A student's program: main prints, starts a named child that prints and sleeps, joins it.
writeFileSync(
  join(dir, 'homework.py'),
  `from multiprocessing import Process, current_process
import time

def work(n):
    print(f'{current_process().name} is working on {n}', flush=True)
    time.sleep(0.5)

if __name__ == '__main__':
    print('homework starts', flush=True)
    p = Process(target=work, args=(7,), name='Worker-A')
    p.start()
    p.join()
    print('homework done', flush=True)
`,
);
writeFileSync(join(dir, 'other.py'), "print('the other one')\n");

let bench: Bench;

beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', serveArgs: ['--programs', dir] });
});
afterAll(async () => {
  await bench?.close();
  rmSync(dir, { recursive: true, force: true });
});

const node = (page: Page, name: string) => page.locator('.process-tree [role="treeitem"]').filter({ hasText: name });

describe('Python from the page', () => {
  it('Your program: picked from the server’s folder, run traced, its processes and prints seen', async () => {
    const { page } = bench;
    await page.getByTestId('exp-your-program').click();
    const panel = page.getByTestId('program-panel');
    await panel.waitFor();
    const select = page.getByTestId('program-select');
    await expect.poll(() => select.locator('option').allTextContents()).toEqual(['homework.py', 'other.py']);
    await select.selectOption('homework.py');
    await page.getByTestId('program-method').selectOption('spawn');
    await page.getByTestId('program-run').click();
    // Live: the child, by the name the program gave it, under its Python parent.
    await expect.poll(() => node(page, 'Worker-A').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 30_000 }).toBe('ended');
    // Its own print, in its own details; main's in main's.
    await node(page, 'Worker-A').first().click();
    await expect
      .poll(() => page.getByTestId('details-lines').textContent(), { timeout: 10_000 })
      .toContain('Worker-A is working on 7');
    await expect(page.getByTestId('details-lines').textContent()).resolves.not.toContain('homework starts');
    // The calls lane: start() as a marker, join() as a span.
    await expect.poll(() => page.locator('[data-testid="call-mark"][data-api="Process.start"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="call-span"][data-api="Process.join"]').count()).toBe(1);
    // Its three lines at least (an interpreter helper may add a warning of its own).
    const summary = (await page.getByTestId('program-summary').textContent()) ?? '';
    expect(summary).toMatch(/^Ended: \d+ processes, \d+ printed lines/);
    expect(Number(/(\d+) printed/.exec(summary)?.[1])).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'your-program');
  });

  it('Settings: in a browser the interpreter is the server’s to name (read-only, says how)', async () => {
    const { page } = bench;
    await page.getByTestId('open-settings').click();
    const field = page.getByTestId('setting-pythonPath');
    await field.waitFor();
    expect(await field.getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#set-pythonPath-help').textContent()).toContain('npm run serve -- --python PATH');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('settings-dialog').getAttribute('open')).toBeNull();
  });

  it("join: the lecture's Python runs from the panel's toggle, its six start() and six join() seen", async () => {
    const { page } = bench;
    // The rate left at its default (auto): the traced path takes it.
    await selectExperiment(page, 'join', { timeScale: '0.05' });
    await page.locator('[data-testid="run-as"] input[value="lecture"]').check();
    await runAndWait(page, 60_000);
    await expect.poll(() => page.locator('[data-testid="call-mark"][data-api="Process.start"]').count()).toBe(6);
    await expect.poll(() => page.locator('[data-testid="call-span"][data-api="Process.join"]').count()).toBe(6);
    // The lecture's own prints: main's last line, and a child's, each in its process's details.
    await node(page, 'MainProcess').first().click();
    await expect.poll(() => page.getByTestId('details-lines').textContent()).toContain('主进程');
    await node(page, 'Process-1').first().click();
    await expect.poll(() => page.getByTestId('details-lines').textContent()).toContain('进程1 start');
    await screenshot(page, 'join-lecture-python');
  });
});

describe('Your program without --programs', () => {
  it('says how to start the server with a folder, and offers nothing to run', async () => {
    const plain = await openBench({ locale: 'en-US' });
    try {
      await plain.page.getByTestId('exp-your-program').click();
      const note = plain.page.getByTestId('program-no-folder');
      await note.waitFor();
      expect(await note.textContent()).toContain('npm run serve -- --programs DIR');
      expect(await plain.page.getByTestId('program-run').count()).toBe(0);
      expect(await plain.page.getByTestId('program-select').count()).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
