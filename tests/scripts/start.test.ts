/**
 * `npm start` (scripts/start.js) where Electron's binary cannot be had, as on this offline
 * machine: one sentence says so, then the same lab starts in the browser; its URL works, and
 * Ctrl+C ends every lab process before the script exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLabPids } from '../../main/lab/host/os-probe';
import { startLongRun, urlLine } from '../helpers/serve-client';

const START = resolve(import.meta.dirname, '../../scripts/start.js');
const stateHome = mkdtempSync(join(tmpdir(), 'process-lab-start-'));
let proc: ChildProcess | null = null;

afterAll(() => {
  if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  rmSync(stateHome, { recursive: true, force: true });
});

describe('npm start without an Electron binary', () => {
  it('says so in one sentence, serves the lab in the browser, and Ctrl+C ends every lab process', async () => {
    proc = spawn(process.execPath, [START], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PROCESS_LAB_SKIP_BUILD: '1',
        // An Electron dist folder that does not exist: what an offline install looks like to us.
        ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist',
        // No browser window from a test.
        BROWSER: 'none',
        XDG_STATE_HOME: stateHome,
      },
    });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
    const exited = new Promise<number | null>((r) => proc!.on('exit', (code) => r(code)));

    const url = await urlLine(proc);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app">/);
    expect(stderr).toContain("Electron's binary is not installed");
    expect(stderr).toContain('opens in your browser');
    expect(stderr).not.toMatch(/^\s+at /m);

    const { runId } = await startLongRun(url);
    // Ctrl+C as a terminal sends it: to the script; it passes it on and waits for the server.
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(findLabPids(runId)).toEqual([]);
  });
});
