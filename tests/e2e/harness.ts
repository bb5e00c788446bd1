/**
 * The end-to-end harness: the built browser bridge (`out/main/serve.js`, what `npm run serve`
 * runs) with its own state folder, and a real Chromium driven by playwright-core. Every run the
 * page starts is noted from the bridge's own WebSocket pushes, so that after the server has
 * been told to stop (SIGTERM), the suite can prove none of their processes is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PUSH_CHANNELS } from '../../contract/ipc';
import { findLabPids } from '../../main/lab/host/os-probe';
import { CHROMIUM_ARGS, chooseBrowser } from './browser';

export const ROOT = resolve(import.meta.dirname, '../..');
const SERVE = resolve(ROOT, 'out/main/serve.js');
/** Where each test's screenshot goes (gitignored). */
export const SHOTS = resolve(ROOT, 'test-results/e2e');

/** A running bench: the server, the browser, one page, and the runs it started. */
export interface Bench {
  page: Page;
  context: BrowserContext;
  url: string;
  /** Run ids announced by the bridge to this page. */
  runIds: Set<string>;
  /** Ends the server (SIGTERM) while the page stays open; resolves once it has exited with 0. */
  stopServer(): Promise<void>;
  /** Ends the browser, then the server (SIGTERM), and checks that no lab process is left. */
  close(): Promise<void>;
}

/** Starts serve.js and resolves with its URL line. */
async function startServe(
  stateHome: string,
  args: string[] = [],
): Promise<{ proc: ChildProcess; url: string; exited: Promise<number | null> }> {
  if (!existsSync(SERVE)) throw new Error(`${SERVE} is missing: run \`npm run build\` (npm run test:e2e does)`);
  const proc = spawn(process.execPath, [SERVE, ...args], {
    // stdin a pipe: should this test process die, serve.js sees its stdin close and ends every run.
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, XDG_STATE_HOME: stateHome },
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = await new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (l) => {
      if (/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(l)) ok(l);
    });
    proc.once('exit', (code) => fail(new Error(`serve.js exited (${code}) before printing its URL`)));
  });
  return { proc, url, exited };
}

/**
 * Starts the server and the browser and opens the app. `locale` is the browser's language:
 * the app follows it until the user chooses.
 */
export async function openBench(
  opts: {
    locale?: string;
    viewport?: { width: number; height: number };
    /** More of serve.js's command line (`--programs DIR`, `--python PATH`). */
    serveArgs?: string[];
  } = {},
): Promise<Bench> {
  const browser = await chooseBrowser();
  mkdirSync(SHOTS, { recursive: true });
  const stateHome = mkdtempSync(join(tmpdir(), 'process-lab-e2e-state-'));
  const profile = mkdtempSync(join(tmpdir(), 'process-lab-e2e-profile-'));
  const { proc, url, exited } = await startServe(stateHome, opts.serveArgs);
  const runIds = new Set<string>();
  const pageErrors: string[] = [];
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: opts.locale ?? 'en-US',
      viewport: opts.viewport ?? { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        try {
          const m = JSON.parse(String(payload)) as { push?: string; payload?: { runId?: string } };
          if (m.push === PUSH_CHANNELS.runStarted && typeof m.payload?.runId === 'string') runIds.add(m.payload.runId);
        } catch {
          // Not JSON: not ours to read.
        }
      }),
    );
    // A script error or a console error (a CSP refusal shows there) fails the file at close.
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    await page.goto(url);
    await page.locator('[data-testid="status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    const ctx = context;
    return {
      page,
      context: ctx,
      url,
      runIds,
      async stopServer() {
        proc.kill('SIGTERM');
        expect(await exited).toBe(0);
      },
      async close() {
        await ctx.close();
        proc.kill('SIGTERM');
        expect(await exited).toBe(0);
        rmSync(stateHome, { recursive: true, force: true });
        rmSync(profile, { recursive: true, force: true });
        expect(pageErrors, 'errors in the page').toEqual([]);
        // serve.js ends every lab process before it exits: not one may be left.
        const left = [...runIds].flatMap((id) => findLabPids(id) ?? []);
        expect(left, 'processes left with a PROCESS_LAB_RUN of this suite').toEqual([]);
      },
    };
  } catch (err) {
    await context?.close().catch(() => undefined);
    proc.kill('SIGTERM');
    await exited;
    throw err;
  }
}

/** A value for an experiment's option control: text, a choice, or a checkbox. */
export type OptionValue = string | boolean;

/** Selects an experiment in the list and fills its options like a student would. */
export async function selectExperiment(
  page: Page,
  id: string,
  options: Record<string, OptionValue> = {},
): Promise<void> {
  await page.getByTestId(`exp-${id}`).click();
  await expect.poll(() => page.getByTestId('panel').getAttribute('data-experiment')).toBe(id);
  // Once the experiment has a run its options are folded: open them as a student would.
  const section = page.getByTestId('options-section');
  if (Object.keys(options).length > 0 && (await section.count()) > 0 && (await section.getAttribute('open')) === null)
    await page.getByTestId('options-toggle').click();
  for (const [key, value] of Object.entries(options)) {
    const field = page.locator(`#opt-${id}-${key}`);
    if (typeof value === 'boolean') await field.setChecked(value);
    else if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

/** Presses Run and waits until the panel shows that run ended; returns its run id. */
export async function runAndWait(page: Page, timeoutMs = 20_000): Promise<string> {
  const panel = page.getByTestId('panel');
  const before = await panel.getAttribute('data-run-id');
  await page.getByTestId('run').click();
  await expect
    .poll(async () => [await panel.getAttribute('data-run-id'), await panel.getAttribute('data-state')], {
      timeout: timeoutMs,
    })
    .toSatisfy((v: unknown) => {
      const [id, state] = v as [string | null, string | null];
      return !!id && id !== before && state === 'ended';
    });
  return (await panel.getAttribute('data-run-id'))!;
}

/** Saves a screenshot of the whole window under test-results/e2e/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = resolve(SHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The text of a fact row's value (`data-testid="fact-<id>"`). */
export async function fact(page: Page, id: string): Promise<string> {
  return ((await page.getByTestId(`fact-${id}`).locator('dd').textContent()) ?? '').trim();
}
