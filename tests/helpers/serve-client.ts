/**
 * A page's side of the browser server, for tests of the programs that start it (`serve.js`,
 * `npm start` offline): the URL line they print, and a run started over the WebSocket as the
 * page would start it.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import type { LabEvent } from '../../contract/events';
import { SERVER_WS_PATH, CALL_CHANNELS, PUSH_CHANNELS, type ServerMessage } from '../../contract/ipc';
import { findLabPids } from '../../main/lab/host/os-probe';

/** Resolves with the server's URL line on `proc`'s stdout; rejects if it exits first. */
export function urlLine(proc: ChildProcess): Promise<URL> {
  return new Promise<URL>((resolveLine, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (l) => {
      if (l.startsWith('http')) {
        expect(l).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
        resolveLine(new URL(l));
      }
    });
    proc.on('exit', () => reject(new Error('the server exited before printing its URL')));
  });
}

/** Opens the socket as the page would, starts `daemon` (children living seconds), waits for a child. */
export async function startLongRun(url: URL): Promise<{ ws: WebSocket; runId: string }> {
  const ws = new WebSocket(`ws://${url.host}${SERVER_WS_PATH}${url.search}`, { origin: url.origin });
  await new Promise((r, j) => ws.on('open', r).on('error', j));
  const events: LabEvent[] = [];
  let runId = '';
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as ServerMessage;
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
