/**
 * `npm run serve`'s program (`out/main/serve.js`), as a user runs it: it prints the URL on its
 * own line, the URL works, and ending it — SIGTERM, SIGINT, or its stdin pipe closing — ends
 * every lab process it started before it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BRIDGE_WS_PATH, CALL_CHANNELS, PUSH_CHANNELS, type BridgeMessage } from '../../../contract/ipc';
import type { LabEvent } from '../../../contract/events';
import { findLabPids } from '../../../main/lab/host/os-probe';

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
  const line = await new Promise<string>((resolveLine, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (l) => {
      if (l.startsWith('http')) resolveLine(l);
    });
    proc.on('exit', () => reject(new Error('serve exited before printing its URL')));
  });
  expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  return { proc, url: new URL(line), exited };
}

/** Opens the socket as the page would, starts `daemon` (children living seconds), waits for a child. */
async function startLongRun(url: URL): Promise<{ ws: WebSocket; runId: string }> {
  const ws = new WebSocket(`ws://${url.host}${BRIDGE_WS_PATH}${url.search}`, { origin: url.origin });
  await new Promise((r, j) => ws.on('open', r).on('error', j));
  const events: LabEvent[] = [];
  let runId = '';
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as BridgeMessage;
    if ('push' in m && m.push === PUSH_CHANNELS.events) events.push(...(m.payload as LabEvent[]));
    if ('result' in m && m.result.ok) runId = (m.result.value as { runId: string }).runId;
  });
  ws.send(JSON.stringify({ id: 1, channel: CALL_CHANNELS.runExperiment, args: ['daemon', { hz: 20 }] }));
  await expect
    .poll(() => events.filter((e) => e.type === 'spawned' && e.role !== 'main').length, { timeout: 10000 })
    .toBe(2);
  expect(findLabPids(runId)?.length).toBeGreaterThanOrEqual(3);
  return { ws, runId };
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
