/**
 * The browser server: the built renderer over HTTP and the contract over a WebSocket, on
 * 127.0.0.1 only, for end-to-end tests in a real Chromium and for a teacher projecting the lab
 * from a browser. It is not a second implementation: every WebSocket message goes through the
 * same door as Electron's IPC (sender, channel, schema, engine), and the pushes are the same.
 *
 * Who may connect: the machine's own user who was shown the printed URL (see `./auth.ts`).
 * Every request needs the token; the WebSocket also needs our own Origin and Host. Electron-free.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { SERVER_WS_PATH, type ServerMessage, type LabResult } from '../../contract/ipc';
import { createDoor, type Door, type SettingsAccess } from '../lab/host/door';
import type { ProgramFolder } from '../lab/host/python/programs';
import type { Supervisor } from '../lab/host/supervisor';
import { HARD_MAX_PAYLOAD, oversizeAnswer } from './frame-limit';
import { hostIsOurs, makeToken, tokenCookie, tokenProof } from './auth';
import { resolveAsset, sendFile } from './static';

/** What the browser server is built from. */
export interface ServerOptions {
  supervisor: Supervisor;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  settings?: SettingsAccess;
  /** "Your program": the `--programs DIR` folder whose `.py` files the page may run by id. */
  programs?: ProgramFolder;
  /** 0 (the default) picks a free port at random. */
  port?: number;
  /** The access token; a fresh random one unless given (tests). */
  token?: string;
  /** Open WebSockets at most (a projector and a few test pages, not a crowd). */
  maxClients?: number;
  log?: (message: string) => void;
}

/** A running browser server. */
export interface LabServer {
  /** `http://127.0.0.1:<port>/?token=<token>`: the one URL to open. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly door: Door<WebSocket>;
  /** Closes every socket and the server (the runs are the caller's to end). */
  close(): Promise<void>;
}

/**
 * Largest message a client may send. The biggest real call (run options) is a few hundred bytes;
 * anything larger is refused with a typed error, unparsed, and the socket stays (frame-limit.ts).
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** A client that stops reading (a frozen tab) is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const WireRequest = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(100),
  args: z.unknown(),
});

/** The headers every HTTP answer carries. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    // As strict as the page's own meta CSP, with the one socket it may open spelled out.
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ws://127.0.0.1:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    // The token is in the page's URL: it must never leave in a Referer header.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

const FORBIDDEN_TEXT =
  '403 Forbidden: open the URL printed by `npm run serve` (it carries the token).\n' +
  '403 禁止访问:请打开 `npm run serve` 打印的网址(其中带有令牌)。\n';

/** Starts the browser server on 127.0.0.1 and resolves once it listens. */
export async function startServer(opts: ServerOptions): Promise<LabServer> {
  const log = opts.log ?? ((m: string) => console.error(`process-lab: ${m}`));
  const token = opts.token ?? makeToken();
  const maxClients = opts.maxClients ?? 16;
  const clients = new Set<WebSocket>();
  const door = createDoor<WebSocket>({
    supervisor: opts.supervisor,
    // The token, Host and Origin were checked at the upgrade: a socket we accepted is trusted
    // for as long as it is open, and nothing else is.
    isTrustedSender: (ws) => clients.has(ws) && ws.readyState === WebSocket.OPEN,
    ...(opts.settings ? { settings: opts.settings } : {}),
    ...(opts.programs ? { programs: opts.programs } : {}),
    // A page may run only what the command line named: the folder's programs, its interpreter.
    pythonFromView: false,
    log,
  });
  // noServer: the upgrade is ours to check before `ws` sees it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false });
  const server = createServer();
  let port = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    for (const [k, v] of Object.entries(securityHeaders(port))) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const proof = tokenProof(req, url, port, token);
    if (!hostIsOurs(req, port) || !proof) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(FORBIDDEN_TEXT);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveAsset(opts.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
      return;
    }
    if (proof === 'query') res.setHeader('Set-Cookie', tokenCookie(port, token));
    sendFile(res, file, req.method === 'HEAD');
  };

  const refuse = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== SERVER_WS_PATH) return refuse(socket, '404 Not Found');
    // A browser always sends Origin on a WebSocket: only our own page may open one, so a page
    // from any other origin (a website, another local server) is refused even with the token.
    const ownOrigin = req.headers.origin === `http://127.0.0.1:${port}`;
    if (!hostIsOurs(req, port) || !ownOrigin || !tokenProof(req, url, port, token))
      return refuse(socket, '403 Forbidden');
    if (clients.size >= maxClients) return refuse(socket, '503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  };

  const send = (ws: WebSocket, message: ServerMessage): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const badRequest = (message: string): LabResult<never> => ({ ok: false, error: { code: 'bad-request', message } });

  const onConnection = (ws: WebSocket): void => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return send(ws, { id: null, result: badRequest('text frames only') });
      const tooLarge = Buffer.isBuffer(data) ? oversizeAnswer(data, MAX_MESSAGE_BYTES) : null;
      if (tooLarge) return send(ws, tooLarge);
      let msg: unknown;
      try {
        msg = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
      } catch {
        return send(ws, { id: null, result: badRequest('not JSON') });
      }
      const parsed = WireRequest.safeParse(msg);
      if (!parsed.success) return send(ws, { id: null, result: badRequest('expected {id, channel, args}') });
      const { id, channel, args } = parsed.data;
      void door.handle(ws, channel, args).then((result) => send(ws, { id, result }));
    });
  };

  const unsubscribe = door.subscribe((push) => {
    if (clients.size === 0) return;
    const text = JSON.stringify({ push: push.channel, payload: push.payload } satisfies ServerMessage);
    for (const ws of clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        continue;
      }
      ws.send(text);
    }
  });

  server.on('request', onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: never reachable from another machine, whatever the firewall says.
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    door,
    async close() {
      unsubscribe();
      door.dispose();
      for (const ws of clients) ws.terminate();
      clients.clear();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
