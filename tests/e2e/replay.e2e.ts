/// <reference lib="dom" />
/**
 * Replay in a real Chromium: a zombie run just finished is scrubbed to three instants (its
 * children alive, all three in Z, all reaped) and the tree shows each; ←/→ step, Home/End, Space
 * plays; the same run saved with "Export run (JSON)" opens again with "Open run…" (the file
 * input), marked where it was recorded, at its start; a corrupt file, or one from a newer
 * version, gets one clear message and changes nothing. In English and Chinese.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../contract/report';
import { SHOTS, openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;
beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await bench?.close();
});

/** The zombies (state Z) the tree shows now, and its processes still alive. */
async function treeStates(page: Page): Promise<{ z: number; exited: number; procs: number }> {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll<HTMLElement>('.process-tree [role="treeitem"][data-pid]')];
    return {
      z: nodes.filter((n) => n.dataset.state === 'Z').length,
      exited: nodes.filter((n) => n.dataset.state === 'exited').length,
      procs: nodes.length,
    };
  });
}

/** Moves the playhead to `t` ms as a drag of the slider would. */
async function scrubTo(page: Page, t: number): Promise<void> {
  await page.getByTestId('replay-scrub').fill(String(t));
  await expect.poll(async () => Number(await page.getByTestId('replay-at').getAttribute('data-t'))).toBe(Math.round(t));
}

let saved: { path: string; report: RunReport } | null = null;

describe('replay', () => {
  it('a finished zombie run, scrubbed to three instants: the tree as it was then', async () => {
    const { page } = bench;
    await selectExperiment(page, 'zombie', { timeScale: '0.3', hz: '10', holdMs: '1500', end: 'reap' });
    await runAndWait(page);
    // The run's own record, as the student would save it.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const path = await (await download).path();
    const report = JSON.parse(readFileSync(path, 'utf8')) as RunReport;
    saved = { path, report };
    const kids = report.processes.filter((p) => p.role === 'child').map((p) => p.pid);
    expect(kids).toHaveLength(3);
    const at = (type: string, pid: number, to?: string): number =>
      report.events.find((e) => e.type === type && e.pid === pid && (to === undefined || ('to' in e && e.to === to)))!
        .t;
    const spawned = Math.max(...kids.map((k) => at('spawned', k)));
    const allZ = Math.max(...kids.map((k) => at('state-changed', k, 'Z')));
    const reaped = Math.min(...kids.map((k) => at('reaped', k)));

    // Ended: the tree shows the record (nothing alive); the replay opens at the first touch.
    await expect.poll(() => treeStates(page).then((s) => s.z)).toBe(0);
    await scrubTo(page, (spawned + allZ) / 2);
    await expect(page.getByTestId('replay-bar').getAttribute('data-open')).resolves.toBe('true');
    await expect.poll(() => treeStates(page)).toMatchObject({ z: 0, exited: 0 });
    expect((await treeStates(page)).procs).toBe(4);
    await scrubTo(page, (allZ + reaped) / 2);
    await expect.poll(() => treeStates(page).then((s) => s.z)).toBe(3);
    await expect(page.getByTestId('playhead').getAttribute('data-t')).resolves.toBe(
      String(Math.round((allZ + reaped) / 2)),
    );
    await expect(page.getByTestId('replay-note').textContent()).resolves.toMatch(/as they were at/);
    await screenshot(page, 'replay-zombies');
    await scrubTo(page, report.wallMs);
    await expect.poll(() => treeStates(page)).toMatchObject({ z: 0, exited: 4 });

    // The keyboard: Home to the start, → one event at a time, End, Space plays (at 0.25×).
    const scrub = page.getByTestId('replay-scrub');
    await scrub.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => page.getByTestId('replay-at').getAttribute('data-t')).toBe('0');
    const times = [...new Set(report.events.map((e) => e.t))].sort((a, b) => a - b);
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => Number(await page.getByTestId('replay-at').getAttribute('data-t')))
      .toBe(Math.round(times.find((t) => t > 0)!));
    await page.keyboard.press('End');
    await expect.poll(() => treeStates(page).then((s) => s.exited)).toBe(4);
    await page.getByTestId('replay-speed').selectOption('0.25');
    await scrubTo(page, (spawned + allZ) / 2);
    await scrub.focus();
    await page.keyboard.press(' ');
    await expect(page.getByTestId('replay-play').getAttribute('aria-label')).resolves.toMatch(/Pause/);
    // Playing: the zombies come by themselves, slower than real time.
    await expect.poll(() => treeStates(page).then((s) => s.z), { timeout: 10_000 }).toBe(3);
    await page.keyboard.press(' ');
    await page.getByTestId('replay-close').click();
    await expect(page.getByTestId('run-ended-note').isVisible()).resolves.toBe(true);
  });

  it('opens the saved run with "Open run…", marked where it was recorded, and replays it', async () => {
    const { page } = bench;
    expect(saved).not.toBeNull();
    const { path, report } = saved!;
    // As if recorded on another machine: the report says where it came from.
    const elsewhere = {
      ...report,
      runId: `${report.runId}-elsewhere`,
      platform: { ...report.platform, release: '6.1.0-lab' },
    };
    await page.getByTestId('open-run-input').setInputFiles({
      name: 'zombie.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(elsewhere)),
    });
    await expect
      .poll(() => page.getByTestId('recorded-on').textContent())
      .toMatch(/recorded on linux, x64 · \d+ cores? · 6\.1\.0-lab/);
    await expect(page.getByTestId('panel').getAttribute('data-run-id')).resolves.toBe(elsewhere.runId);
    // Opened at its start: nothing yet; End shows the run's end, all reaped.
    await expect.poll(() => page.getByTestId('replay-at').getAttribute('data-t')).toBe('0');
    const kids = report.processes.filter((p) => p.role === 'child').map((p) => p.pid);
    const allZ = Math.max(
      ...kids.map((k) => report.events.find((e) => e.type === 'state-changed' && e.pid === k && e.to === 'Z')!.t),
    );
    await scrubTo(page, allZ + 1);
    await expect.poll(() => treeStates(page).then((s) => s.z)).toBe(3);
    // The timeline draws the opened run, its gauge counts its zombies, the bar its events.
    await expect.poll(() => page.getByTestId('lane').count()).toBe(4);
    await expect(page.getByTestId('gauge-zombies').getAttribute('data-value')).resolves.toBe('3');
    const passed = report.events.filter((e) => e.type !== 'usage' && e.t <= allZ + 1).length;
    await expect(page.getByTestId('replay-events').textContent()).resolves.toBe(
      `event ${passed} of ${report.events.filter((e) => e.type !== 'usage').length}`,
    );
    await screenshot(page, 'replay-opened');
    // The file as exported opens too (the same run id: it shows that run again).
    await page.getByTestId('open-run-input').setInputFiles(path);
    await expect.poll(() => page.getByTestId('tree-pane').getAttribute('data-run-id')).toBe(report.runId);
  });

  it('a corrupt file, or one from a newer version: one clear message, nothing changed', async () => {
    const { page } = bench;
    const before = await page.getByTestId('panel').getAttribute('data-run-id');
    const states = await treeStates(page);
    await page.getByTestId('open-run-input').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"experiment": "zombie", "ev'),
    });
    const error = page.getByTestId('open-run-error');
    await expect.poll(() => error.textContent()).toMatch(/This file is not JSON .*nothing was opened\./);
    expect(await page.getByTestId('panel').getAttribute('data-run-id')).toBe(before);
    expect(await treeStates(page)).toEqual(states);
    await screenshot(page, 'replay-corrupt');
    const newer = { ...saved!.report, format: 99 };
    await page.getByTestId('language-toggle').click();
    await page
      .getByTestId('open-run-input')
      .setInputFiles({ name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) });
    await expect.poll(() => error.textContent()).toMatch(/更新版本.*报告格式 99.*未打开任何内容。/);
    expect(await page.getByTestId('panel').getAttribute('data-run-id')).toBe(before);
    await expect(page.getByTestId('open-run').textContent()).resolves.toContain('打开运行记录…');
    await page.getByTestId('language-toggle').click();
  });

  it('exports: the picture says what it is (title, options, machine, legend); the trace has a track per process', async () => {
    const { page } = bench;
    await page.getByTestId('open-run-input').setInputFiles(saved!.path);
    const report = saved!.report;
    const svgFile = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const svg = readFileSync((await svgFile[0].path())!, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('Process Lab · Zombie processes');
    expect(svg).toMatch(/recorded on linux x64, \d+ cores/);
    expect(svg).toContain('hatched: start-up cost');
    expect(svg).not.toContain('timeScale');
    const png = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(
      readFileSync((await png[0].path())!)
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
    // Kept beside the screenshots, to look at.
    copyFileSync((await png[0].path())!, resolve(SHOTS, 'replay-export-timeline.png'));
    const traceFile = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trace').click()]);
    expect(traceFile[0].suggestedFilename()).toMatch(/\.trace\.json$/);
    const trace = JSON.parse(readFileSync((await traceFile[0].path())!, 'utf8')) as {
      traceEvents: Array<{ name: string; ph: string; pid: number; args?: { state?: string } }>;
    };
    const tracks = trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.pid);
    expect(tracks.sort()).toEqual(report.processes.map((p) => p.pid).sort());
    // One Z span per child. (main may have one too: after it exits, a tick can catch it as Z for
    // the instant before the supervisor's libuv reaps it; a real Z, not what this counts.)
    const kids = new Set(report.processes.filter((p) => p.role === 'child').map((p) => p.pid));
    expect(trace.traceEvents.filter((e) => e.ph === 'X' && e.args?.state === 'Z' && kids.has(e.pid))).toHaveLength(3);
  });

  it('a wrong guess points at the lane that answers it: highlighted, scrolled to, the timeline focused', async () => {
    const { page } = bench;
    await selectExperiment(page, 'zombie', { timeScale: '0.3', hz: '10', holdMs: '1500', end: 'reap' });
    await page.getByTestId('guess-gone').check();
    await runAndWait(page);
    await expect(page.getByTestId('predict-answer').getAttribute('data-verdict')).resolves.toBe('wrong');
    const show = page.getByTestId('show-answer');
    await expect(show.textContent()).resolves.toContain('red Z spans');
    await show.click();
    const lit = page.locator('[data-testid="timeline-svg"] .answer-highlight');
    await expect.poll(() => lit.count()).toBe(1);
    await expect(lit.getAttribute('data-testid')).resolves.toBe('lane');
    expect(await lit.locator('rect[data-state="Z"]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('application');
    await page.waitForTimeout(400);
    await screenshot(page, 'replay-wrong-guess');
    await page.getByTestId('language-toggle').click();
    await expect(show.textContent()).resolves.toContain('红色的 Z 段');
    await page.getByTestId('language-toggle').click();
  });

  it('isolation: each process’s own x on its lane, as it printed it (the child’s changed, the parent’s not)', async () => {
    const { page } = bench;
    await selectExperiment(page, 'isolation', { timeScale: '0.3', hz: '10' });
    await runAndWait(page);
    const values = (pid: string): Promise<string[]> =>
      page
        .locator(`[data-testid="lane"][data-pid="${pid}"] [data-testid="printed-x"]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''));
    const lanes = page.locator('[data-testid="lane-label"]');
    await expect.poll(() => lanes.count()).toBe(2);
    const [mainPid, childPid] = await lanes.evaluateAll((els) => els.map((e) => e.getAttribute('data-pid') ?? ''));
    await expect.poll(() => values(mainPid!)).toEqual(['100', '100']);
    await expect.poll(() => values(childPid!)).toEqual(['100', '2']);
    await screenshot(page, 'replay-isolation-values');
  });

  it('live gauges: CPU used against cores × 100 %, zombies against the pid limit (measured values only), and at a replay’s playhead', async () => {
    const { page } = bench;
    await selectExperiment(page, 'zombie', { timeScale: '1', hz: '10', holdMs: '2500', end: 'reap' });
    await page.getByTestId('run').click();
    const z = page.getByTestId('gauge-zombies');
    // Earlier zombie runs of this bench read the pid limit from the OS: it is known now.
    await expect.poll(() => z.getAttribute('data-value'), { timeout: 10_000 }).toBe('3');
    await expect(z.textContent()).resolves.toMatch(/zombies now: 3 of the pid limit \d+ \([\d.]+ %\)/);
    const cpu = page.getByTestId('gauge-cpu');
    await expect(cpu.textContent()).resolves.toMatch(/CPU now: \d+ % of \d+ % \(\d+ cores × 100 %\)/);
    await screenshot(page, 'replay-gauges-live');
    await expect.poll(() => page.getByTestId('panel').getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');
    // Ended: the zombies are reaped. A replay shows the CPU measured at the playhead: the
    // report keeps its usage ticks (thinned), so the figure is a sample's, never a made-up 0.
    await expect.poll(() => z.getAttribute('data-value')).toBe('0');
    await page.getByTestId('replay-back').click();
    const end = Number(await page.getByTestId('replay-scrub').getAttribute('max'));
    await scrubTo(page, Math.round(end / 2));
    await expect.poll(() => cpu.textContent()).toMatch(/CPU at the playhead: \d+ % of \d+ % \(\d+ cores × 100 %\)/);
    await page.getByTestId('replay-close').click();
  });
});
