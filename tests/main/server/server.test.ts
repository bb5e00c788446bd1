/**
 * The browser server on a real supervisor and a real socket: no token, no page; no token (or a
 * foreign Origin or Host), no WebSocket; with the token, the same door — schema checks included —
 * and a real experiment's events arriving over the socket.
 */
import { request } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  SERVER_WS_PATH,
  CALL_CHANNELS,
  PUSH_CHANNELS,
  type ServerMessage,
  type LabResult,
} from '../../../contract/ipc';
import type { LabEvent } from '../../../contract/events';
import type { RunReport } from '../../../contract/report';
import { cookieName } from '../../../main/server/auth';
import { startServer, type LabServer } from '../../../main/server/server';
import { SettingsStore } from '../../../main/settings';
import { labSupervisor } from '../../helpers/lab';
import { waitFor } from '../../helpers/wait';

/** A tiny stand-in for the built renderer, plus a secret just outside it. */
const site = mkdtempSync(join(tmpdir(), 'process-lab-server-'));
const root = join(site, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title><script src="./assets/app.js"></script>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(site, 'secret.txt'), 'do not serve');
symlinkSync(join(site, 'secret.txt'), join(root, 'assets', 'link.txt'));

let server: LabServer;
const supervisor = labSupervisor();

beforeAll(async () => {
  server = await startServer({
    supervisor,
    rendererDir: root,
    settings: new SettingsStore(null),
    log: () => undefined,
  });
});
afterAll(async () => {
  await server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP GET (so Host and paths are exactly what we say, unlike fetch). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the HTTP status that refused it. */
function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${SERVER_WS_PATH}${query}`, {
      headers,
      origin: headers.origin ?? `http://127.0.0.1:${server.port}`,
    });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

/** A small client over one socket: calls answered by id, pushes collected. */
function client(ws: WebSocket) {
  let id = 0;
  const waiting = new Map<number, (r: LabResult<unknown>) => void>();
  const pushes: { push: string; payload: unknown }[] = [];
  const stray: ServerMessage[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as ServerMessage;
    if ('push' in msg) pushes.push(msg);
    else if (msg.id !== null && waiting.has(msg.id)) waiting.get(msg.id)!(msg.result);
    else stray.push(msg);
  });
  return {
    pushes,
    stray,
    call(channel: string, args: unknown): Promise<LabResult<unknown>> {
      const n = ++id;
      return new Promise((resolve) => {
        waiting.set(n, resolve);
        ws.send(JSON.stringify({ id: n, channel, args }));
      });
    },
  };
}

describe('browser server: HTTP', () => {
  it('refuses a missing or wrong token with 403, and a foreign Host even with the token', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get(`/?token=${server.token.slice(0, -1)}`)).status).toBe(403);
    expect((await get('/', { cookie: `${cookieName(server.port)}=nope` })).status).toBe(403);
    const rebinding = await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` });
    expect(rebinding.status).toBe(403);
    expect(rebinding.body).toMatch(/npm run serve/);
  });

  it('serves the page with the token, with the CSP and a strict HttpOnly cookie for its assets', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>lab</title>');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'self'.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/,
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const asset = await get('/assets/app.js', { cookie: pair });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await get('/', { cookie: pair })).status).toBe(200);
  });

  it('serves nothing outside the renderer folder, and only GET/HEAD', async () => {
    const t = `?token=${server.token}`;
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/link.txt',
      '/%00',
      '/assets',
      '/nope.html',
      '/%E0%A4%A',
    ]) {
      const r = await get(`${p}${t}`);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('do not serve');
    }
    expect((await get(`/${t}`, {}, 'POST')).status).toBe(405);
    expect((await get(`/${t}`, {}, 'HEAD')).status).toBe(200);
  });
});

describe('browser server: WebSocket', () => {
  it('refuses the upgrade without the token, with a wrong one, from a foreign Origin or Host, or on another path', async () => {
    expect(await openSocket('')).toBe(403);
    expect(await openSocket('?token=wrong')).toBe(403);
    expect(await openSocket(`?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket(`?token=${server.token}`, { origin: 'null' })).toBe(403);
    expect(await openSocket(`?token=${server.token}`, { host: `localhost:${server.port}` })).toBe(403);
    const other = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port}`,
      });
      ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(other).toBe(404);
  });

  it('accepts the token by query or by cookie', async () => {
    const a = await openSocket(`?token=${server.token}`);
    const b = await openSocket('', { cookie: `${cookieName(server.port)}=${server.token}` });
    expect(a).toBeInstanceOf(WebSocket);
    expect(b).toBeInstanceOf(WebSocket);
    (a as WebSocket).close();
    (b as WebSocket).close();
  });

  it('passes messages through the same door: malformed frames and bad payloads are typed refusals', async () => {
    const ws = (await openSocket(`?token=${server.token}`)) as WebSocket;
    const c = client(ws);
    ws.send('not json');
    ws.send(JSON.stringify({ id: 'x', channel: CALL_CHANNELS.killAll, args: [] }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await waitFor(() => c.stray.length >= 3, 'three refusals');
    expect(c.stray.map((m) => ('result' in m && !m.result.ok ? m.result.error.code : '?'))).toEqual([
      'bad-request',
      'bad-request',
      'bad-request',
    ]);
    const bad = await c.call(CALL_CHANNELS.runExperiment, ['../../etc', {}]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const pid1 = await c.call(CALL_CHANNELS.signal, [1, 'SIGKILL']);
    expect(pid1).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const proto = await c.call(CALL_CHANNELS.runExperiment, ['join', JSON.parse('{"__proto__":{"x":1}}')]);
    expect(proto).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await c.call('process-lab:call:eval', [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(supervisor.activeRuns()).toEqual([]);
    ws.close();
  });

  it('refuses one oversized message with a typed error and keeps the socket and the calls in flight', async () => {
    const ws = (await openSocket(`?token=${server.token}`)) as WebSocket;
    const c = client(ws);
    let closedWith: number | null = null;
    ws.on('close', (code) => (closedWith = code));
    const before = c.call(CALL_CHANNELS.listExperiments, []);
    const big = c.call(CALL_CHANNELS.runExperiment, ['x'.repeat(200_000), {}]);
    const after = c.call(CALL_CHANNELS.listExperiments, []);
    const [b, o, a] = await Promise.all([before, big, after]);
    expect(b.ok).toBe(true);
    expect(o).toMatchObject({ ok: false, error: { code: 'bad-request', message: /too large/ } });
    expect(a.ok).toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(closedWith).toBeNull();
    expect(supervisor.activeRuns()).toEqual([]);
    ws.close();
  });

  it('still drops a client past the hard memory bound (1 MiB), with 1009', async () => {
    const ws = (await openSocket(`?token=${server.token}`)) as WebSocket;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, channel: CALL_CHANNELS.runExperiment, args: ['x'.repeat(2_000_000), {}] }));
    expect(await closed).toBe(1009);
  });

  it('runs a real experiment over the socket and receives its events live', async () => {
    const ws = (await openSocket(`?token=${server.token}`)) as WebSocket;
    const c = client(ws);
    const list = await c.call(CALL_CHANNELS.listExperiments, []);
    expect(list.ok && (list.value as { id: string }[]).map((e) => e.id)).toContain('join');
    const started = await c.call(CALL_CHANNELS.runExperiment, ['join', { durations: [0.05, 0.1], hz: 20 }]);
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.value as { runId: string };
    await expect
      .poll(() => c.pushes.some((p) => p.push === PUSH_CHANNELS.runEnded), { timeout: 15000, interval: 50 })
      .toBe(true);
    const events = c.pushes.filter((p) => p.push === PUSH_CHANNELS.events).flatMap((p) => p.payload as LabEvent[]);
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((e) => e.runId === runId)).toBe(true);
    expect(events.filter((e) => e.type === 'spawned' && e.role === 'child')).toHaveLength(4);
    expect(events.some((e) => e.type === 'exited')).toBe(true);
    const report = c.pushes.find((p) => p.push === PUSH_CHANNELS.runEnded)!.payload as { leaked: number[] };
    expect(report.leaked).toEqual([]);
    ws.close();
  });

  it('coalesces a burst of 100 event batches into at most 2 socket messages, in order, none lost; runEnded after them', async () => {
    const ws = (await openSocket(`?token=${server.token}`)) as WebSocket;
    const c = client(ws);
    // A round trip first: the socket is in the server's client set before the burst.
    await c.call(CALL_CHANNELS.listExperiments, []);
    const runId = 'r-burst';
    const all: LabEvent[] = Array.from({ length: 100 }, (_, i) => ({ type: 'ready', runId, pid: 10_000 + i, t: i }));
    // As the engine hands them out in a fork loop: one batch at a time, each on its own.
    for (const e of all) supervisor.emit('events', [e]);
    // The run's end right behind them must not overtake what is still waiting in the window.
    // (Only its place in the stream is checked: the server forwards a report as it is.)
    supervisor.emit('run-ended', { runId, leaked: [] } as unknown as RunReport);
    await expect
      .poll(() => c.pushes.some((p) => p.push === PUSH_CHANNELS.runEnded), { timeout: 5000, interval: 10 })
      .toBe(true);
    const messages = c.pushes.filter((p) => p.push === PUSH_CHANNELS.events);
    expect(messages.length).toBeLessThanOrEqual(2);
    expect(messages.flatMap((p) => p.payload as LabEvent[])).toEqual(all);
    expect(c.pushes.at(-1)!.push).toBe(PUSH_CHANNELS.runEnded);
    ws.close();
  });
});
