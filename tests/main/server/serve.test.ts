/**
 * `npm run serve`'s program (`out/main/serve.js`), as a user runs it: it prints the URL on its
 * own line, the URL works, and ending it — SIGTERM, SIGINT, or its stdin pipe closing — ends
 * every lab process it started before it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CALL_CHANNELS, SERVER_WS_PATH, type ServerMessage } from '../../../contract/ipc';
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
async function serve(args: string[] = []): Promise<{ proc: ChildProcess; url: URL; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [SERVE, ...args], {
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

  it('refuses to start with a --programs that is not a folder, or a --python that is not a Python', async () => {
    const notes = join(stateHome, 'notes.txt');
    writeFileSync(notes, 'not a folder\n');
    for (const [args, why] of [
      [['--programs', notes], /--programs .*not a folder/],
      [['--programs', join(stateHome, 'missing')], /no such file|ENOENT/],
      [['--python', notes], /Python interpreter .*(not executable|not a Python)/],
      [['--python', 'python3'], /absolute path/],
      [['--bogus'], /Unknown option/],
    ] as const) {
      const proc = spawn(process.execPath, [SERVE, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, XDG_STATE_HOME: stateHome },
      });
      started.push(proc);
      let out = '';
      let err = '';
      proc.stdout!.on('data', (d: Buffer) => (out += String(d)));
      proc.stderr!.on('data', (d: Buffer) => (err += String(d)));
      const code = await new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
      expect(code, args.join(' ')).toBe(1);
      expect(err, args.join(' ')).toMatch(why);
      expect(out, 'no URL printed').toBe('');
    }
  });

  it('--programs DIR: the page lists that folder’s .py files by name', async () => {
    const dir = join(stateHome, 'programs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hello.py'), "print('hello')\n");
    const { proc, url, exited } = await serve(['--programs', dir]);
    const ws = new WebSocket(`ws://${url.host}${SERVER_WS_PATH}${url.search}`, { origin: url.origin });
    await new Promise((r, j) => ws.on('open', r).on('error', j));
    // The answer to call 1 (a push may come first).
    const answer = new Promise<ServerMessage>((r) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as ServerMessage;
        if ('id' in m && m.id === 1) r(m);
      }),
    );
    ws.send(JSON.stringify({ id: 1, channel: CALL_CHANNELS.listPrograms, args: [] }));
    const m = await answer;
    expect('result' in m && m.result).toEqual({
      ok: true,
      value: {
        picker: 'folder',
        folder: true,
        programs: [{ id: 'hello.py', name: 'hello.py' }],
        startMethods: expect.any(Array),
      },
    });
    ws.close();
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
