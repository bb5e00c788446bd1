/**
 * Every lecture experiment the issue names, run from the UI in a real Chromium the way a student
 * runs it (pick it in the list, set the options, answer the question, press Run), against the
 * built browser bridge. The assertions read what the page shows: a `Z` badge in the tree, the
 * adopter's pid, `exitcode -15`, the oversell figure. Each test leaves a screenshot.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, fact, openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;

beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await bench?.close();
});

/** A tree node (`role=treeitem`) by the process's name. */
const node = (name: string) => bench.page.locator('.process-tree [role="treeitem"]').filter({ hasText: name });

describe('the experiments, run from the UI (English)', () => {
  it('spawn: every child reports main as its parent, and main, the child and the OS agree', async (ctx) => {
    const { page } = bench;
    const present = (await page.getByTestId('exp-spawn').count()) > 0;
    ctx.skip(!present, 'the engine does not list a `spawn` experiment yet: nothing to run');
    await selectExperiment(page, 'spawn', { timeScale: '0.3', hz: '10', children: '2' });
    await page.getByTestId('guess-main').check();
    await runAndWait(page);
    expect(await fact(page, 'allIdsAgree')).toBe('yes');
    expect(await fact(page, 'distinctPids')).toBe('4');
    const mainPid = await fact(page, 'mainPid');
    expect(mainPid).toMatch(/^\d+$/);
    // The tree draws the four children under main, each with main's pid as its ppid.
    await expect.poll(() => page.locator(`.process-tree [data-ppid="${mainPid}"]`).count()).toBe(4);
    expect(await page.getByTestId('predict-answer').getAttribute('data-verdict')).toBe('right');
    await screenshot(page, 'spawn');
  });

  it('zombie: the children show as Z in the tree until their parent reaps them', async () => {
    const { page } = bench;
    await selectExperiment(page, 'zombie', { timeScale: '0.5', hz: '10', holdMs: '6000', end: 'reap' });
    await page.getByTestId('guess-Z').check();
    const before = await page.getByTestId('panel').getAttribute('data-run-id');
    await page.getByTestId('run').click();
    // Live, while the parent does not wait: real zombies, read from the OS.
    const zombies = page.locator('.process-tree [role="treeitem"][data-state="Z"]');
    await expect.poll(() => zombies.count(), { timeout: 10_000 }).toBe(3);
    await expect(zombies.first().textContent()).resolves.toContain('Z');
    await expect(page.getByTestId('tree-counts').textContent()).resolves.toContain('3 zombies');
    // The whole bench for the picture: a zombie's details (and its Reap), the panel from its top
    // (the question, the progress), and the zombies' red spans grown on the timeline a moment.
    await zombies.first().click();
    await expect(page.getByTestId('details-pid').textContent()).resolves.toMatch(/^\d+$/);
    await page.evaluate("document.querySelector('[data-testid=\"panel\"]').closest('.pane').scrollTop = 0");
    await page.waitForTimeout(600);
    const shot = await screenshot(page, 'zombie');
    // The picture of the app in the README: regenerated on request, not on every run.
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      mkdirSync(resolve(ROOT, 'docs'), { recursive: true });
      copyFileSync(shot, resolve(ROOT, 'docs/screenshot.png'));
    }
    await expect
      .poll(async () => (await page.getByTestId('panel').getAttribute('data-run-id')) !== before, { timeout: 5000 })
      .toBe(true);
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');
    expect(await fact(page, 'zombiesSeen')).toBe('3');
    expect(await fact(page, 'reapedBy')).toMatch(/^their parent \(pid \d+\), which called wait\(\)$/);
    expect(await page.getByTestId('predict-answer').getAttribute('data-verdict')).toBe('right');
    await expect(page.getByTestId('predict-os').textContent()).resolves.toBe('state Z: zombies');
    await screenshot(page, 'zombie-after');
  });

  it('orphan: the child moves under its adopter, whose pid the OS gives', async () => {
    const { page } = bench;
    await selectExperiment(page, 'orphan', { timeScale: '0.3', hz: '10' });
    await page.getByTestId('guess-init').check();
    await runAndWait(page);
    const orphanPid = await fact(page, 'orphanPid');
    const original = await fact(page, 'originalPpid');
    const adopter = await fact(page, 'adoptedByPid');
    expect(adopter).toMatch(/^\d+$/);
    expect(adopter).not.toBe(original);
    // The adopter is a real process of this machine (it reaped the orphan), not a guess.
    expect(existsSync(`/proc/${adopter}`)).toBe(true);
    expect(await fact(page, 'adoptedByName')).not.toBe('—');
    // In the tree the orphan now sits under its adopter, with a trace to its old parent.
    await expect(page.locator(`.process-tree [data-pid="${orphanPid}"]`).getAttribute('data-ppid')).resolves.toBe(
      adopter,
    );
    expect(await page.getByTestId('orphan-trace').count()).toBeGreaterThan(0);
    const verdict = adopter === '1' ? 'right' : 'wrong';
    expect(await page.getByTestId('predict-answer').getAttribute('data-verdict')).toBe(verdict);
    await screenshot(page, 'orphan');
  });

  it('lifecycle: alive right after terminate(), gone after join(), exitcode -15', async () => {
    const { page } = bench;
    await selectExperiment(page, 'lifecycle', { timeScale: '0.3', hz: '10' });
    await page.getByTestId('guess-true').check();
    await runAndWait(page);
    expect(await fact(page, 'aliveBeforeTerminate')).toBe('True');
    expect(await fact(page, 'aliveRightAfterTerminate')).toBe('True');
    expect(await fact(page, 'aliveAfterJoin')).toBe('False');
    expect(await fact(page, 'pyExitcode')).toBe('-15');
    expect(await fact(page, 'killPyExitcode')).toBe('-9');
    expect(await page.getByTestId('predict-answer').getAttribute('data-verdict')).toBe('right');
    // The process itself: select it in the tree; its details give Python's exitcode.
    await node('Process-1').click();
    await expect(page.getByTestId('details-exitcode').textContent()).resolves.toBe('-15');
    await screenshot(page, 'lifecycle');
  });

  it("daemon: the daemon child ends when main's code ends, the normal child runs on", async () => {
    const { page } = bench;
    await selectExperiment(page, 'daemon', { timeScale: '0.3', hz: '10' });
    await page.getByTestId('guess-main-code').check();
    await runAndWait(page);
    expect(await fact(page, 'daemonPyExitcode')).toBe('-15');
    expect(await fact(page, 'normalPyExitcode')).toBe('0');
    await expect(page.getByTestId('predict-os').textContent()).resolves.toBe('when main’s code ends');
    expect(await page.getByTestId('predict-answer').getAttribute('data-verdict')).toBe('right');
    await screenshot(page, 'daemon');
  });

  it('ticket-race: a forced interleaving sells a ticket that does not exist, and the figure says so', async () => {
    const { page } = bench;
    await selectExperiment(page, 'ticket-race', {
      timeScale: '0.3',
      hz: '10',
      buyers: '3',
      tickets: '1',
      mode: 'unsafe',
      schedule: 'r1,r2,w1,w2',
    });
    await page.getByTestId('guess-number').fill('1');
    await runAndWait(page);
    await expect(page.getByTestId('oversell-figure').getAttribute('data-oversold')).resolves.toBe('1');
    expect(await fact(page, 'sold')).toBe('2');
    expect(await fact(page, 'oversold')).toBe('1');
    expect(await page.getByTestId('buyer-row').count()).toBe(3);
    // The student guessed the lecture's answer (one ticket, one buyer); the OS sold two.
    expect(await page.getByTestId('predict-answer').getAttribute('data-verdict')).toBe('wrong');
    await expect(page.getByTestId('predict-os').textContent()).resolves.toBe('2');
    await page.getByTestId('ticket-race').scrollIntoViewIfNeeded();
    await screenshot(page, 'ticket-race');
  });

  it('ticket-race, live: the db file as the lab reads it, and each buyer’s steps, while the race runs', async () => {
    const { page } = bench;
    // Serial, at full time: the first buyer writes after ~1 s, the other two take ~2 s more,
    // a wide window in which the run is still going and its first sale is already on screen.
    await selectExperiment(page, 'ticket-race', {
      timeScale: '1',
      hz: '10',
      buyers: '3',
      tickets: '1',
      mode: 'serial',
      // The test above left a forced order in the form; serial runs take none.
      schedule: '',
    });
    await page.getByTestId('run').click();
    const live = page.getByTestId('race-live');
    await expect.poll(() => live.locator('[data-result="success"]').count(), { timeout: 10_000, interval: 50 }).toBe(1);
    expect(await page.getByTestId('run-progress').getAttribute('data-running')).toBe('true');
    // No poll needed below: the tick that brought the buyer's "wrote" step read the db file
    // first (every tick reads its watched files before it sends its batch).
    await expect(page.getByTestId('race-db-now').textContent()).resolves.toBe('{"count":0}');
    const versions = page.getByTestId('race-db-live').getByRole('listitem');
    await expect(versions.first().textContent()).resolves.toContain('{"count":1}');
    await expect(live.locator('[data-result="success"]').textContent()).resolves.toContain('{"count":0}');
    await page.getByTestId('ticket-race').scrollIntoViewIfNeeded();
    await screenshot(page, 'ticket-race-live');
    // The later buyers read the 0 the first one left: sold out, no oversell.
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');
    expect(await fact(page, 'sold')).toBe('1');
    expect(await fact(page, 'oversold')).toBe('0');
  });
});
