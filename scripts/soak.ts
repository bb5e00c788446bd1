/**
 * Soak: every experiment, again and again, through the browser server (`out/main/serve.js`)
 * over its WebSocket, as the e2e tests drive it but without a browser. Samples the server's
 * resident memory and open file descriptors over time and fails on growth.
 *
 *   npm run soak -- --minutes 2 [--every 10]
 *
 * Fails (exit 1) when a run reports an error or leaked processes, when a lab process outlives
 * the server's SIGTERM, or on growth beyond the bounds, measured from the end of the first
 * full round (warm-up) to the end of the last: open fds +8, resident memory +64 MiB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { SERVER_WS_PATH, CALL_CHANNELS, PUSH_CHANNELS, type ServerMessage } from '../contract/ipc';
import type { RunReport } from '../contract/report';
import { findLabPids } from '../main/lab/host/os-probe';

/** The bounds CI fails on (see the module comment). */
export const FD_GROWTH_MAX = 8;
export const RSS_GROWTH_MAX_MB = 64;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!(v > 0)) throw new RangeError(`--${name} must be a positive number`);
  return v;
}
const MINUTES = arg('minutes', 2);
const EVERY_S = arg('every', 10);

/** Fast but real options per experiment (time scale keeps each run to a second or two). */
const FAST: Record<string, Record<string, unknown>> = {
  default: { timeScale: 0.2, hz: 10 },
  'ticket-race': { timeScale: 0.2, hz: 10, buyers: 6, mode: 'lock' },
  zombie: { timeScale: 0.5, hz: 10, children: 3 },
};

const root = resolve(import.meta.dirname, '..');
const state = mkdtempSync(join(tmpdir(), 'process-lab-soak-'));
const server = spawn(process.execPath, [join(root, 'out/main/serve.js')], {
  env: { ...process.env, XDG_STATE_HOME: state },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const serverPid = server.pid!;

function usage(): { rssMb: number; fds: number } {
  const status = readFileSync(`/proc/${serverPid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb / 102.4) / 10, fds: readdirSync(`/proc/${serverPid}/fd`).length };
}

const url = await new Promise<string>((ok, fail) => {
  createInterface({ input: server.stdout! }).once('line', ok);
  server.once('exit', () => fail(new Error('serve.js exited before printing its URL')));
});
const { port, searchParams } = new URL(url);
const ws = new WebSocket(`ws://127.0.0.1:${port}${SERVER_WS_PATH}?token=${searchParams.get('token')}`, {
  origin: `http://127.0.0.1:${port}`,
});
await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));

let nextId = 0;
const waiting = new Map<number, (m: ServerMessage) => void>();
const ended = new Map<string, (r: RunReport) => void>();
ws.on('message', (data) => {
  const msg = JSON.parse(String(data)) as ServerMessage;
  if ('push' in msg) {
    if (msg.push === PUSH_CHANNELS.runEnded) {
      const r = msg.payload as RunReport;
      ended.get(r.runId)?.(r);
    }
  } else if (msg.id !== null) waiting.get(msg.id)?.(msg);
});
async function call(method: keyof typeof CALL_CHANNELS, args: unknown[]): Promise<unknown> {
  const id = ++nextId;
  const msg = await new Promise<ServerMessage>((ok) => {
    waiting.set(id, ok);
    ws.send(JSON.stringify({ id, channel: CALL_CHANNELS[method], args }));
  });
  waiting.delete(id);
  if (!('result' in msg) || !msg.result.ok) throw new Error(`${method}: ${JSON.stringify(msg)}`);
  return msg.result.value;
}

const ids = ((await call('listExperiments', [])) as { id: string }[]).map((e) => e.id);
const samples: Array<{ s: number; runs: number; rssMb: number; fds: number }> = [];
const failures: string[] = [];
const runIds: string[] = [];
const t0 = Date.now();
let runs = 0;
let warm: { rssMb: number; fds: number } | null = null;
let lastSample = 0;
const sample = (): void => {
  const u = usage();
  samples.push({ s: Math.round((Date.now() - t0) / 1000), runs, ...u });
  lastSample = Date.now();
  console.log(
    `${String(samples.at(-1)!.s).padStart(5)} s  runs ${String(runs).padStart(4)}  rss ${u.rssMb} MiB  fds ${u.fds}`,
  );
};
sample();
while (Date.now() - t0 < MINUTES * 60_000) {
  for (const id of ids) {
    const opts = FAST[id] ?? FAST.default!;
    const started = (await call('runExperiment', [id, opts])) as { runId: string };
    runIds.push(started.runId);
    const report = await new Promise<RunReport>((ok) => ended.set(started.runId, ok));
    ended.delete(started.runId);
    runs++;
    if (report.error) failures.push(`${id} ${report.runId}: error ${report.error}`);
    if (report.leaked.length > 0) failures.push(`${id} ${report.runId}: leaked ${report.leaked.join(',')}`);
    if (Date.now() - lastSample > EVERY_S * 1000) sample();
  }
  if (!warm) {
    // End of the first full round: everything is loaded and cached from here on.
    sample();
    warm = usage();
  }
}
sample();
const end = usage();
ws.close();
server.kill('SIGTERM');
await new Promise((ok) => server.once('exit', ok));
const left = runIds.flatMap((id) => findLabPids(id) ?? []);
rmSync(state, { recursive: true, force: true });

const fdGrowth = end.fds - warm!.fds;
const rssGrowth = Math.round((end.rssMb - warm!.rssMb) * 10) / 10;
if (fdGrowth > FD_GROWTH_MAX) failures.push(`open fds grew by ${fdGrowth} (bound ${FD_GROWTH_MAX})`);
if (rssGrowth > RSS_GROWTH_MAX_MB) failures.push(`RSS grew by ${rssGrowth} MiB (bound ${RSS_GROWTH_MAX_MB})`);
if (left.length > 0) failures.push(`${left.length} lab processes left after SIGTERM of the server`);
const rss = samples.map((s) => s.rssMb);
console.log(
  `soak: ${runs} runs of ${ids.length} experiments in ${Math.round((Date.now() - t0) / 1000)} s; ` +
    `after warm-up fds ${warm!.fds} → ${end.fds} (${fdGrowth >= 0 ? '+' : ''}${fdGrowth}), ` +
    `rss ${warm!.rssMb} → ${end.rssMb} MiB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth}; min ${Math.min(...rss)}, max ${Math.max(...rss)}); ` +
    `errors ${failures.filter((f) => / error | leaked /.test(f)).length}; left after SIGTERM ${left.length}`,
);
for (const f of failures) console.error(`soak FAIL: ${f}`);
process.exit(failures.length > 0 ? 1 : 0);
