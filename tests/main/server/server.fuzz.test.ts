/**
 * Fuzz through the browser server's WebSocket (fast-check): ≥ 1,000 generated hostile payloads
 * per call channel as real messages on a real socket (as JSON carries them), plus malformed
 * wire messages. Every one is answered with a typed refusal, the socket stays open, nothing is
 * started or signalled, and a real run over the same socket works after.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  SERVER_WS_PATH,
  CALL_CHANNELS,
  LAB_ERROR_CODES,
  type ServerMessage,
  type LabResult,
} from '../../../contract/ipc';
import { startServer, type LabServer } from '../../../main/server/server';
import { SettingsStore } from '../../../main/settings';
import { CASES_PER_CHANNEL, hostileCases, valid } from '../../helpers/hostile-payloads';
import { labSupervisor, WORKERS_DIR } from '../../helpers/lab';

const supervisor = labSupervisor();
let server: LabServer;
const env = { ...process.env };
delete env.PROCESS_LAB_RUN;
const bystanders = Array.from({ length: 3 }, () => spawn('sleep', ['120'], { stdio: 'ignore', detached: true, env }));
beforeAll(async () => {
  server = await startServer({
    supervisor,
    rendererDir: WORKERS_DIR,
    settings: new SettingsStore(null),
    log: () => undefined,
  });
});
afterAll(async () => {
  await server.close();
  for (const b of bystanders) b.kill('SIGKILL');
});

describe('fuzz: the WebSocket', () => {
  it(`refuses ${CASES_PER_CHANNEL} hostile payloads per channel over one socket, which stays open`, async () => {
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${server.port}${SERVER_WS_PATH}?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port}`,
      });
      s.on('open', () => resolve(s));
      s.on('error', reject);
    });
    let closed = false;
    ws.on('close', () => (closed = true));
    const waiting = new Map<number, (r: LabResult<unknown>) => void>();
    const stray: ServerMessage[] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if ('push' in msg) return;
      if (msg.id !== null && waiting.has(msg.id)) waiting.get(msg.id)!(msg.result);
      else stray.push(msg);
    });
    let next = 0;
    const call = (channel: string, args: unknown): Promise<LabResult<unknown>> =>
      new Promise((resolve) => {
        const id = ++next;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, args }));
      });
    const started: string[] = [];
    supervisor.on('run-started', (r) => started.push(r.runId));
    const counts: Record<string, number> = {};
    for (const [method, cases] of hostileCases(
      bystanders.map((b) => b.pid!),
      21,
      CASES_PER_CHANNEL + 100,
    )) {
      // As the socket carries them: JSON has no `undefined` (a message without args is one of
      // the malformed ones below), and a case JSON turns into a valid request is not hostile.
      const wire = cases
        .filter((a) => a !== undefined)
        .map((a) => JSON.parse(JSON.stringify(a)) as unknown)
        .filter((a) => !valid(method, a))
        .slice(0, CASES_PER_CHANNEL);
      for (let i = 0; i < wire.length; i += 100) {
        const results = await Promise.all(wire.slice(i, i + 100).map((a) => call(CALL_CHANNELS[method], a)));
        for (const r of results) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(LAB_ERROR_CODES).toContain(r.error.code);
        }
      }
      counts[method] = wire.length;
    }
    // Malformed wire messages: each answered (id null), none closes the socket.
    const malformed = [
      '{"id":7,"channel":"process-lab:call:killAll"}',
      'not json',
      '[]',
      'null',
      '{"id":-1,"channel":"x","args":[]}',
      '{"id":1}',
      '"x"',
    ];
    for (const m of malformed) ws.send(m);
    ws.send(Buffer.from([0xff, 0x00]), { binary: true });
    await expect.poll(() => stray.length, { timeout: 5000 }).toBe(malformed.length + 1);
    console.log(`websocket fuzz: ${JSON.stringify(counts)} + ${malformed.length + 1} malformed`);
    // Every call channel of the contract was fuzzed, each as often.
    expect(Object.keys(counts)).toHaveLength(Object.keys(CALL_CHANNELS).length);
    for (const n of Object.values(counts)) expect(n).toBe(CASES_PER_CHANNEL);
    expect(closed).toBe(false);
    expect(started).toEqual([]);
    expect(bystanders.every((b) => b.exitCode === null && b.signalCode === null)).toBe(true);
    const ok = await call(CALL_CHANNELS.runExperiment, ['join', { durations: [0.05], hz: 10 }]);
    expect(ok.ok).toBe(true);
    await Promise.all(supervisor.activeRuns().map((r) => r.done));
    ws.close();
  }, 60_000);
});
