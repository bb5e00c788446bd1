/**
 * `npm run serve`'s program (`out/main/serve.js`), as a user runs it: it prints the URL on its
 * own line, the URL works, and ending it — SIGTERM, SIGINT, or its stdin pipe closing — ends
 * every lab process it started before it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLabPids } from '../../../main/lab/host/os-probe';
import { startLongRun, urlLine } from '../../helpers/serve-client';

const SERVE = resolve(import.meta.dirname, '../../../out/main/serve.js');
const started: ChildProcess[] = [];
const stateHome = mkdtempSync(join(tmpdir(), 'process-lab-serve-'));

afterAll(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  rmSync(stateHome, { recursive: true, force: true });
});

/** Starts serve.js with its own state folder (its start-up sweep must not touch anyone else's runs). */
async function serve(): Promise<{ proc: ChildProcess; url: URL; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [SERVE], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, XDG_STATE_HOME: stateHome },
  });
  started.push(proc);
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, url: await urlLine(proc), exited };
}

describe('serve.js', () => {
  it('serves the page at the printed URL (and 403 without its token)', async () => {
    const { proc, url, exited } = await serve();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app">/);
    expect((await fetch(`${url.origin}/`)).status).toBe(403);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  for (const how of ['SIGTERM', 'SIGINT', 'stdin closing'] as const) {
    it(`${how} ends every lab process before it exits`, async () => {
      const { proc, url, exited } = await serve();
      const { runId } = await startLongRun(url);
      if (how === 'stdin closing') proc.stdin!.end();
      else proc.kill(how);
      expect(await exited).toBe(0);
      expect(findLabPids(runId)).toEqual([]);
    });
  }
});
