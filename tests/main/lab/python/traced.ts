/**
 * Runs a real Python program with the tracer loaded, the way the engine will: a TraceServer in
 * a fresh temp folder, the tracer's env, the real interpreter (never the pyenv shim). Resolves
 * once the program exited AND every traced process closed its connection (children that outlive
 * main, like an orphan, included), so a test sees the whole trace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallMessage, TraceMessage } from '../../../../contract/python-trace';
import { findPython } from '../../../../main/lab/python/find-python';
import { TraceServer, type MalformedLine } from '../../../../main/lab/python/trace-server';
import { tracerBootDir, tracerEnv, type StartMethod } from '../../../../main/lab/python/tracer-env';
import { waitFor } from '../../../helpers/wait';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const BOOT = tracerBootDir(join(ROOT, 'main/lab/python'));

export interface TracedRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  messages: TraceMessage[];
  malformed: MalformedLine[];
  /** The temp folder the program ran in (removed by {@link cleanup}). */
  dir: string;
  /** Files left in `dir` after the server closed. */
  leftInDir: string[];
  mainPid: number;
  /** Connections the server accepted (0: no process of the run ever reached the lab). */
  connections: number;
  calls(api?: string): CallMessage[];
}

export interface TracedOptions {
  /** Program text, written to `prog.py` in the run's folder; or `file`, an existing program. */
  code?: string;
  file?: string;
  args?: string[];
  timeScale?: number;
  startMethod?: StartMethod;
  /** Extra env (PYTHONPATH given here comes after the tracer's). */
  env?: NodeJS.ProcessEnv;
  /** Point the tracer at this socket path instead of the server's (a lab that is gone). */
  socketPath?: string;
  /** Prepares the run's folder before the program starts; returns env to add (its PYTHONPATH after the tracer's). */
  before?: (dir: string) => NodeJS.ProcessEnv;
  /** With `untraced`: still name the server's socket (so only PROCESS_LAB_RUN decides). */
  keepTraceVar?: boolean;
  /** Leave the tracer's variables out: the program must run exactly as untraced. */
  untraced?: boolean;
  /** Called once the program runs (to talk to its stdin, poll the OS…). */
  during?: (child: ChildProcess, messages: TraceMessage[]) => Promise<void>;
  timeoutMs?: number;
}

const dirs: string[] = [];

/** Removes every temp folder made by {@link traced}. */
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function pythonExe(): Promise<string> {
  return (await findPython()).executable;
}

export async function traced(o: TracedOptions): Promise<TracedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-py-'));
  dirs.push(dir);
  const file = o.file ?? join(dir, 'prog.py');
  if (o.code !== undefined) writeFileSync(file, o.code);
  const server = await TraceServer.listen(dir);
  const messages: TraceMessage[] = [];
  const malformed: MalformedLine[] = [];
  server.on('message', (m) => messages.push(m));
  server.on('malformed', (m) => malformed.push(m));
  const runId = `test-py-${process.pid}`;
  const base: NodeJS.ProcessEnv = { ...process.env, PROCESS_LAB_RUN: runId, ...o.env, ...o.before?.(dir) };
  const env = o.untraced
    ? { ...base, PYTHONPATH: [BOOT, base.PYTHONPATH].filter(Boolean).join(':') }
    : tracerEnv({
        base,
        runId,
        socketPath: o.socketPath ?? server.path,
        bootDir: BOOT,
        timeScale: o.timeScale,
        startMethod: o.startMethod,
      });
  if (o.untraced) {
    if (o.keepTraceVar) env.PROCESS_LAB_PY_TRACE = server.path;
    else delete env.PROCESS_LAB_PY_TRACE;
    if (o.timeScale) env.PROCESS_LAB_TIME_SCALE = String(o.timeScale);
  }
  const child = spawn(await pythonExe(), [file, ...(o.args ?? [])], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<[number | null, string | null]>((res) => child.on('close', (c, s) => res([c, s])));
  try {
    if (o.during) await o.during(child, messages);
    const [code, signal] = await exited;
    if (!o.untraced)
      await waitFor(() => server.open === 0, 'every traced process to disconnect', o.timeoutMs ?? 15_000);
    await server.close();
    return {
      code,
      signal,
      stdout,
      stderr,
      messages,
      malformed,
      dir,
      leftInDir: readdirSync(dir),
      mainPid: child.pid!,
      connections: server.stats.connections,
      calls: (api?: string) =>
        messages.filter((m): m is CallMessage => m.type === 'call' && (api === undefined || m.api === api)),
    };
  } finally {
    // A failed wait must not leave the program running.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await server.close();
  }
}

/** The start methods this platform's Python has (fork, spawn, forkserver on Linux). */
export async function startMethods(): Promise<StartMethod[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(await pythonExe(), [
    '-c',
    'import multiprocessing as m; print(",".join(m.get_all_start_methods()))',
  ]).toString();
  return out.trim().split(',') as StartMethod[];
}
