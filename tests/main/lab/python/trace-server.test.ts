import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceMessage } from '../../../../contract/python-trace';
import { LabError } from '../../../../main/lab/common/errors';
import { MAX_LINE_BYTES, TraceServer, type MalformedLine } from '../../../../main/lab/python/trace-server';
import { waitFor } from '../../../helpers/wait';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function listen(): Promise<{ server: TraceServer; messages: TraceMessage[]; bad: MalformedLine[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-ts-'));
  dirs.push(dir);
  const server = await TraceServer.listen(dir);
  const messages: TraceMessage[] = [];
  const bad: MalformedLine[] = [];
  server.on('message', (m) => messages.push(m));
  server.on('malformed', (m) => bad.push(m));
  return { server, messages, bad };
}

function client(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path, () => resolve(s));
    s.once('error', reject);
  });
}

const log = { type: 'log', pid: 42, ppid: 1, t: 1.7e12, stream: 'stdout', line: 'hello' };

describe('TraceServer', () => {
  it('passes on valid lines split across writes, and flags each bad line with its reason', async () => {
    const { server, messages, bad } = await listen();
    const s = await client(server.path);
    const good = JSON.stringify(log);
    // A message split in two writes, then a batch of lines in one.
    s.write(good.slice(0, 10));
    s.write(`${good.slice(10)}\n`);
    s.write(
      [
        'not json',
        JSON.stringify({ ...log, type: 'launch-missiles' }),
        JSON.stringify({ ...log, pid: 1.5 }),
        JSON.stringify({ ...log, stream: 'stdin' }),
        JSON.stringify({ type: 'call', pid: 42, ppid: 1, t: 1, api: 'os.system', by: 'program' }),
        '',
        JSON.stringify({ ...log, line: 'second' }),
      ].join('\n') + '\n',
    );
    await waitFor(() => messages.length === 2 && bad.length === 5, 'two messages and five bad lines');
    expect(messages.map((m) => m.type === 'log' && m.line)).toEqual(['hello', 'second']);
    expect(bad.map((b) => b.reason)).toEqual([
      'not JSON',
      expect.stringMatching(/^not a trace message \(type: /),
      expect.stringMatching(/^not a trace message \(pid: /),
      expect.stringMatching(/^not a trace message \(stream: /),
      expect.stringMatching(/^not a trace message \(api: /),
    ]);
    expect(server.stats).toEqual({ connections: 1, messages: 2, malformed: 5 });
    s.destroy();
    await server.close();
  });

  it('drops an overlong line (and only it) and a fragment left by a process that died mid-line', async () => {
    const { server, messages, bad } = await listen();
    const s = await client(server.path);
    s.write('x'.repeat(MAX_LINE_BYTES + 10));
    s.write(`yyy\n${JSON.stringify(log)}\n{"type":"log",`);
    await waitFor(() => messages.length === 1, 'the line after the overlong one');
    s.destroy();
    await waitFor(() => bad.length === 2, 'the fragment to be flagged');
    expect(bad.map((b) => b.reason)).toEqual(['line too long', 'connection closed mid-line']);
    expect(bad[0]!.excerpt.length).toBeLessThanOrEqual(200);
    await server.close();
  });

  it('removes its socket file on close, and closing twice is harmless', async () => {
    const { server } = await listen();
    const s = await client(server.path);
    expect(existsSync(server.path)).toBe(true);
    expect(server.open).toBe(1);
    await server.close();
    await server.close();
    expect(existsSync(server.path)).toBe(false);
    expect(s.destroyed || s.readableEnded || (await new Promise((r) => s.once('close', () => r(true))))).toBe(true);
  });

  it('refuses a folder whose socket path would not fit a Unix socket, saying so', async () => {
    const dir = join(tmpdir(), 'x'.repeat(120));
    await expect(TraceServer.listen(dir)).rejects.toThrow(LabError);
    await expect(TraceServer.listen(dir)).rejects.toThrow(/too long for a Unix socket/);
  });
});
