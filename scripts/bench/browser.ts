/**
 * Section "browser": the built browser server (`out/main/serve.js`, what `npm run serve` runs)
 * and its page in a real Chromium, driven like a student drives it (select, fill, press Run).
 * What the page received, and when, is stamped inside the page by {@link PAGE_PROBE}: every
 * time is `performance.timeOrigin + performance.now()`, the same epoch-ms clock as the
 * engine's `sharedNow()`, so the page's times and the events' own `t` compare directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chooseBrowser } from '../../tests/e2e/browser';
import {
  SERVE,
  exited,
  finish,
  needBuilt,
  percentile,
  round,
  type BenchOptions,
  type Row,
  type Section,
} from './common';

/**
 * Put into the page before the app's own script: wraps `WebSocket` so that a listener of ours,
 * added first, stamps every message the app's socket receives. For `events` pushes it notes
 * `spawned` and `exited` events; while `__bench.measure` is on it also times each tick as the
 * user sees it. A tick is one frame: the view folds every events message that arrived since the
 * last frame in that frame's animation callback, so the messages before one frame are one tick.
 * `total` = the first of them received → a task queued after that frame ran (the frame's
 * animation callbacks, where the view folds and Svelte updates the DOM, then style, layout,
 * paint): receipt to painted. `js` = the handlers' own time on those messages (each until a
 * task queued behind it runs); `frame` = the frame's first rAF callback → that task.
 */
const PAGE_PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const B = (window.__bench = { runs: {}, exits: [], spawned: [], ticks: [], measure: false, open: null });
  const Native = window.WebSocket;
  class Probed extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        const at = now();
        let m;
        try { m = JSON.parse(ev.data); } catch { return; }
        if (m.push === 'process-lab:push:runStarted') B.runs[m.payload.runId] = Date.parse(m.payload.startedAt);
        if (m.push !== 'process-lab:push:events') return;
        for (const e of m.payload) {
          if (e.type === 'exited') B.exits.push({ runId: e.runId, pid: e.pid, t: e.t, at });
          if (e.type === 'spawned') B.spawned.push({ runId: e.runId, pid: e.pid, t: e.t, at, role: e.role });
        }
        if (!B.measure) return;
        // One tick = one frame: every events message that arrived before it is drawn in it
        // (the view folds what arrived once per frame). Opened by the first message since the
        // last frame; closed by a task queued after that frame's rendering.
        let tick = B.open;
        if (!tick) {
          tick = B.open = { t0: performance.now(), js: 0, events: 0, messages: 0 };
          requestAnimationFrame(() => {
            const tf = performance.now();
            const done = tick;
            B.open = null;
            setTimeout(() => {
              const t1 = performance.now();
              // The tree's node count (a large tree puts only the nodes near the view in the page).
              const nodes = Number(document.querySelector('.process-tree [role="tree"]')?.getAttribute('data-nodes') ?? 0);
              B.ticks.push({ js: done.js, frame: t1 - tf, total: t1 - done.t0, nodes, events: done.events, messages: done.messages });
            }, 0);
          });
        }
        tick.events += m.payload.length;
        tick.messages++;
        const t0 = performance.now();
        const mc = new MessageChannel();
        mc.port1.onmessage = () => (tick.js += performance.now() - t0);
        mc.port2.postMessage(0);
      });
    }
  }
  window.WebSocket = Probed;
})();`;

interface Probe {
  runs: Record<string, number>;
  exits: Array<{ runId: string; pid: number; t: number; at: number }>;
  spawned: Array<{ runId: string; pid: number; t: number; at: number; role: string }>;
  ticks: Array<{ js: number; frame: number; total: number; nodes: number; events: number; messages: number }>;
}

/** The experiment panel, as an expression evaluated in the page (this file has no DOM types). */
const PANEL = `document.querySelector('[data-testid="panel"]')`;

/**
 * Polls an expression in the page until it is true. Not `page.waitForFunction`: a string
 * predicate is eval'd there, which the page's CSP (no 'unsafe-eval') refuses.
 */
async function waitInPage(page: Page, expr: string, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(expr))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const probe = (page: Page): Promise<Probe> => page.evaluate('window.__bench') as Promise<Probe>;

async function startServe(stateHome: string): Promise<{ proc: ChildProcess; url: string }> {
  needBuilt(SERVE);
  // stdin a pipe: should the bench die, serve.js sees it close and ends every lab process.
  const proc = spawn(process.execPath, [SERVE], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, XDG_STATE_HOME: stateHome },
  });
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      if (/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(l)) ok(l);
    });
    proc.once('exit', (code) => fail(new Error(`serve.js exited (${String(code)}) before printing its URL`)));
  });
  return { proc, url };
}

async function select(page: Page, id: string, options: Record<string, string | boolean>): Promise<void> {
  await page.getByTestId(`exp-${id}`).click();
  await waitInPage(
    page,
    `${PANEL}?.getAttribute('data-experiment') === ${JSON.stringify(id)}`,
    10_000,
    'the experiment to be selected',
  );
  for (const [key, value] of Object.entries(options)) {
    const field = page.locator(`#opt-${id}-${key}`);
    if (typeof value === 'boolean') await field.setChecked(value);
    else if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

/**
 * Presses Run inside the page and resolves with the click's time and when the first tree item
 * of a pid not shown before appeared in the DOM (a MutationObserver: inserted, not yet painted).
 */
async function pressRun(page: Page): Promise<{ clickAt: number; visibleAt: number; runId: string }> {
  const before = await page.getByTestId('panel').getAttribute('data-run-id');
  const r = (await page.evaluate(`new Promise((resolve) => {
    const sel = '.process-tree [role="treeitem"][data-pid]';
    const old = new Set([...document.querySelectorAll(sel)].map((e) => e.getAttribute('data-pid')));
    const obs = new MutationObserver(() => {
      for (const e of document.querySelectorAll(sel)) {
        if (!old.has(e.getAttribute('data-pid'))) {
          obs.disconnect();
          resolve({ clickAt, visibleAt: performance.timeOrigin + performance.now() });
          return;
        }
      }
    });
    obs.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-pid'] });
    const clickAt = performance.timeOrigin + performance.now();
    document.querySelector('[data-testid="run"]').click();
  })`)) as { clickAt: number; visibleAt: number };
  const changed = `!!${PANEL}?.getAttribute('data-run-id') && ${PANEL}.getAttribute('data-run-id') !== ${JSON.stringify(before)}`;
  await waitInPage(page, changed, 30_000, 'the new run in the panel');
  return { ...r, runId: (await page.getByTestId('panel').getAttribute('data-run-id'))! };
}

async function waitEnded(page: Page, runId: string, timeoutMs: number): Promise<void> {
  const ended = `${PANEL}?.getAttribute('data-run-id') === ${JSON.stringify(runId)} && ${PANEL}.getAttribute('data-state') === 'ended'`;
  await waitInPage(page, ended, timeoutMs, `run ${runId} to end`);
}

/** Exit → page and Run → first visible, from `repeat` join runs of 8 short tasks. */
async function exitRows(page: Page, o: BenchOptions): Promise<Row[]> {
  const durations = o.quick ? '0.05,0.1' : '0.05,0.1,0.15,0.2,0.25,0.3,0.35,0.4';
  await select(page, 'join', { durations });
  const lat: number[] = [];
  const visible: number[] = [];
  const firstWs: number[] = [];
  const byRole: Record<string, number[]> = {};
  for (let i = 0; i < o.repeat; i++) {
    const r = await pressRun(page);
    await waitEnded(page, r.runId, 60_000);
    const b = await probe(page);
    const t0 = b.runs[r.runId];
    if (t0 === undefined) throw new Error('the page never received runStarted');
    const role = new Map(b.spawned.filter((x) => x.runId === r.runId).map((x) => [x.pid, x.role]));
    for (const e of b.exits.filter((x) => x.runId === r.runId)) {
      lat.push(e.at - (t0 + e.t));
      (byRole[role.get(e.pid) ?? '?'] ??= []).push(e.at - (t0 + e.t));
    }
    visible.push(r.visibleAt - r.clickAt);
    const first = b.spawned.filter((x) => x.runId === r.runId).sort((a, c) => a.at - c.at)[0];
    if (first) firstWs.push(first.at - r.clickAt);
  }
  const p = (xs: number[], q: number): number | null => round(percentile(xs, q), 1);
  return [
    finish({
      label: 'exit → page, lab-started processes: p95',
      figure: p(lat, 95),
      unit: 'ms',
      reference: null,
      target: { text: '≤ 50 ms', on: 'figure', max: 50 },
      detail: {
        p50: p(lat, 50),
        max: p(lat, 100),
        exits: lat.length,
        runs: o.repeat,
        ...Object.fromEntries(Object.entries(byRole).map(([k, v]) => [`${k}P95`, p(v, 95)])),
        ...Object.fromEntries(Object.entries(byRole).map(([k, v]) => [`${k}Max`, p(v, 100)])),
      },
    }),
    finish({
      label: 'exit → page, lab-started processes: p50',
      figure: p(lat, 50),
      unit: 'ms',
      reference: null,
    }),
    // Per role: main's exit and its children's reach the page by different paths.
    ...Object.entries(byRole).map(([role, xs]) =>
      finish({
        label: `exit → page, role ${role}: p95`,
        figure: p(xs, 95),
        unit: 'ms',
        reference: null,
        target: { text: '≤ 50 ms', on: 'figure', max: 50 },
        detail: { p50: p(xs, 50), exits: xs.length },
      }),
    ),
    finish({
      label: 'Run → first process visible in the page (median)',
      figure: p(visible, 50),
      unit: 'ms',
      reference: { label: 'Run → first spawned event on the page socket', figure: p(firstWs, 50) },
      detail: { max: p(visible, 100), runs: visible.length },
    }),
  ];
}

/** The zombie pile-up of `n` at 20 Hz, every group opened: per-tick work in the page. */
async function treeRows(page: Page, o: BenchOptions): Promise<Row[]> {
  const n = o.treeSize;
  await select(page, 'zombie', { children: String(n), pileUp: true, hz: '20', holdMs: o.quick ? '1500' : '5000' });
  await page.evaluate('window.__bench.ticks = []; window.__bench.measure = true');
  const r = await pressRun(page);
  // Groups fold siblings sharing a state: open each as it appears, so all n are drawn.
  const until = Date.now() + 90_000;
  for (;;) {
    const state = (await page.evaluate(`(() => {
      for (const g of document.querySelectorAll('.process-tree [role="treeitem"][aria-expanded="false"][data-state]:not([data-pid])')) g.click();
      const p = document.querySelector('[data-testid="panel"]');
      return p.getAttribute('data-run-id') === ${JSON.stringify(r.runId)} ? p.getAttribute('data-state') : 'other';
    })()`)) as string;
    if (state === 'ended' || Date.now() > until) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  await page.evaluate('window.__bench.measure = false');
  const ticks = (await probe(page)).ticks.filter((t) => t.nodes >= 0.9 * n);
  const seen = ticks.map((t) => t.total);
  const work = ticks.map((t) => t.js + t.frame);
  const p = (xs: number[], q: number): number | null => round(percentile(xs, q), 1);
  return [
    finish({
      label: `${n}-node tree update in Chromium: p95 per tick (events received → frame painted)`,
      figure: p(seen, 95),
      unit: 'ms',
      reference: null,
      target: { text: '≤ 16 ms', on: 'figure', max: 16 },
      detail: {
        ticks: ticks.length,
        p50: p(seen, 50),
        workP50: p(work, 50),
        workP95: p(work, 95),
        jsP95: p(
          ticks.map((t) => t.js),
          95,
        ),
        frameP95: p(
          ticks.map((t) => t.frame),
          95,
        ),
        // Receipt → the frame's first callback: the wait for the display's next frame (up to
        // one refresh interval, ~16.7 ms at 60 Hz), plus any task that held the thread.
        waitP50: p(
          ticks.map((t) => t.total - t.frame),
          50,
        ),
        waitP95: p(
          ticks.map((t) => t.total - t.frame),
          95,
        ),
        messagesPerTickMax: Math.max(0, ...ticks.map((t) => t.messages)),
        maxNodes: Math.max(0, ...ticks.map((t) => t.nodes)),
      },
    }),
  ];
}

/** Section "browser". */
export async function browserSection(o: BenchOptions): Promise<Section> {
  let executablePath: string;
  // chooseBrowser says which browser on console.info: keep stdout for the table or the JSON.
  const info = console.info;
  console.info = (...a: unknown[]) => process.stderr.write(`${a.map(String).join(' ')}\n`);
  let label: string;
  try {
    const choice = await chooseBrowser();
    executablePath = choice.executablePath;
    label = choice.label;
  } catch (err) {
    return {
      id: 'browser',
      title: 'The page in Chromium through npm run serve',
      rows: [],
      skipped: err instanceof Error ? err.message : String(err),
      notes: [],
    };
  } finally {
    console.info = info;
  }
  const stateHome = mkdtempSync(join(tmpdir(), 'process-lab-bench-state-'));
  const profile = mkdtempSync(join(tmpdir(), 'process-lab-bench-profile-'));
  const { proc, url } = await startServe(stateHome);
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-US',
      viewport: { width: 1440, height: 900 },
    });
    await context.addInitScript(PAGE_PROBE);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.locator('[data-testid="status"][data-status="connected"]').waitFor({ timeout: 30_000 });
    const rows = [...(await exitRows(page, o)), ...(await treeRows(page, o))];
    return {
      id: 'browser',
      title: 'The page in Chromium through npm run serve',
      rows,
      notes: [
        `browser: ${label}; headless, viewport 1440×900.`,
        "exit → page: page receipt of each exited event (WebSocket message listener in the page) − (run start + the event's own t); " +
          "run start = runStarted's startedAt (ms resolution). join run at the default rate: main and its children, all lab-started.",
        'Run → visible: click in the page → first new tree item in the DOM (MutationObserver: inserted, before paint).',
        'tree: per tick (every events message received before one frame) with ≥ 90 % of the nodes drawn (groups opened): ' +
          'the first message received → a task queued after that frame (the view folds in its rAF callback; then style, layout, paint). ' +
          'work = the handlers + that frame (first rAF callback → the task). ' +
          'Descendants of an observed program (the second exit target) are not measured: the page cannot start observe.',
      ],
    };
  } finally {
    await context?.close().catch(() => undefined);
    // SIGTERM: serve.js ends every lab process it started, then exits.
    proc.kill('SIGTERM');
    await exited(proc);
    rmSync(stateHome, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
