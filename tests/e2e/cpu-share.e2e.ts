/// <reference lib="dom" />
/**
 * The lanes' CPU shading in a real Chromium: a parallel run (pinned to one core where this
 * machine can, else on every core) shades each task's lane, and every shaded span's figure is
 * the one the run's own usage events give: the events are read off the page's WebSocket as the
 * engine pushed them and folded here with the same module, so a share the page made up, or
 * took from anywhere else, fails. Where "1 core" is not available the option is disabled and
 * says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../contract/events';
import { PUSH_CHANNELS } from '../../contract/ipc';
import { cpuShareFromEvents } from '../../renderer/src/lib/cpu-share';
import { openBench, runAndWait, screenshot, selectExperiment, type Bench } from './harness';

let bench: Bench;
/** Every event the engine pushed to the page, in order. */
const pushed: LabEvent[] = [];
beforeAll(async () => {
  bench = await openBench({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  bench.page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      try {
        const m = JSON.parse(String(payload)) as { push?: string; payload?: unknown };
        if (m.push === PUSH_CHANNELS.events && Array.isArray(m.payload)) pushed.push(...(m.payload as LabEvent[]));
      } catch {
        // Not JSON: not ours to read.
      }
    }),
  );
  // The page connected before the listener: reload so its socket is one we hear.
  await bench.page.reload();
  await bench.page.locator('[data-testid="status"][data-status="connected"]').waitFor({ timeout: 20_000 });
});
afterAll(async () => {
  await bench?.close();
});

describe('CPU shading', () => {
  it('a parallel run shades each task’s lane with the shares its usage events give', { timeout: 90_000 }, async () => {
    const { page } = bench;
    await selectExperiment(page, 'parallel', { tasks: '3', workMs: '600', hz: '10' });
    const oneCore = page.locator('#opt-parallel-oneCore');
    const available = await oneCore.isEnabled();
    if (available) await oneCore.setChecked(true);
    else await expect.poll(() => page.getByTestId('unavailable-oneCore').textContent()).toMatch(/Not available here/);
    const runId = await runAndWait(page, 60_000);
    await screenshot(page, 'cpu-share-parallel');

    const events = pushed.filter((e) => e.runId === runId);
    const expected = cpuShareFromEvents(events);
    const tasks = [
      ...new Set(events.flatMap((e) => (e.type === 'spawned' && e.name.startsWith('parallel-') ? [e.pid] : []))),
    ];
    expect(tasks).toHaveLength(3);
    // The page's drawing, per task: each span's share and its mean.
    const drawn = await page.evaluate(
      (pids) =>
        pids.map((pid) => {
          const g = document.querySelector<SVGGElement>(`[data-testid="cpu-shade"][data-pid="${pid}"]`);
          return {
            pid,
            mean: g?.dataset.mean ?? null,
            spans: [...(g?.querySelectorAll<SVGRectElement>('[data-testid="cpu-span"]') ?? [])].map((r) => ({
              pct: r.dataset.pct,
              from: Number(r.dataset.from),
              to: Number(r.dataset.to),
            })),
          };
        }),
      tasks,
    );
    let sumOfMeans = 0;
    for (const d of drawn) {
      const want = (expected.get(d.pid) ?? []).map((s) => ({
        pct: (Math.round(s.pct * 10) / 10).toFixed(1),
        from: Math.round(s.from),
        to: Math.round(s.to),
      }));
      expect(want.length, `pid ${d.pid}: spans from its usage events`).toBeGreaterThan(0);
      expect(d.spans, `pid ${d.pid}`).toEqual(want);
      expect(Number(d.mean)).toBeGreaterThan(0);
      sumOfMeans += Number(d.mean);
    }
    // Pinned: the three together never get more than the one core.
    if (available) expect(sumOfMeans).toBeLessThanOrEqual(100 + 15);
    // The legend says what the shading is.
    await expect.poll(() => page.getByTestId('timeline-legend').textContent()).toMatch(/measured CPU share/);
  });
});
