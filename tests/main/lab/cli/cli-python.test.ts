/**
 * Traced Python runs through the CLI, with the real interpreter: each lecture program under each
 * start method this platform's Python has, programs the test writes (terminate/is_alive/join;
 * a zombie made with os.fork()), a non-Python program observed as before, and nothing of the
 * tracer left behind (the CLI's temp folder is the test's own, and must end empty).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../contract/events';
import type { PyCallEvent } from '../../../../contract/python-trace';
import type { RunReport } from '../../../../contract/report';
import { parseReport } from '../../../../contract/report-schema';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { startMethods } from '../python/traced';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const state = mkdtempSync(join(tmpdir(), 'clipy-state-'));
/** The CLI's own temp folder: the run folder and its socket are made here, and must be gone after. */
const cliTmp = mkdtempSync(join(tmpdir(), 'clipy-tmp-'));
/** A folder for the programs the tests write, made when needed. */
const workDirs: string[] = [];
function work(): string {
  const d = mkdtempSync(join(tmpdir(), 'clipy-prog-'));
  workDirs.push(d);
  return d;
}
const env = { ...process.env, XDG_STATE_HOME: state, TMPDIR: cliTmp };
const runIds: string[] = [];

afterAll(() => {
  for (const d of [state, cliTmp, ...workDirs]) rmSync(d, { recursive: true, force: true });
  expect(runIds.flatMap((id) => findLabPids(id) ?? [])).toEqual([]);
});

function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => res({ status, stdout, stderr }));
  });
}

/** Runs the CLI with `--json` (before any `--`: after it, it would be the program's). */
async function report(...args: string[]): Promise<RunReport> {
  const dash = args.indexOf('--');
  const r = await cli(...(dash === -1 ? [...args, '--json'] : [...args.slice(0, dash), '--json', ...args.slice(dash)]));
  expect(r.stderr).toBe('');
  const rep = JSON.parse(r.stdout) as RunReport;
  runIds.push(rep.runId);
  // A traced run, saved, opens again in the view ("Open run…" checks it with this schema).
  expect(parseReport(r.stdout)).toMatchObject({ ok: true });
  expect(rep.error).toBeNull();
  expect(rep.leaked).toEqual([]);
  expect(r.status).toBe(0);
  // Nothing of the tracer is left: no run folder, no socket, no bytecode beside its sources.
  expect(readdirSync(cliTmp)).toEqual([]);
  return rep;
}

const calls = (r: RunReport, api?: string): PyCallEvent[] =>
  r.events.filter((e): e is PyCallEvent => e.type === 'call' && (api === undefined || e.api === api));
const lines = (r: RunReport, pid: number): string[] =>
  r.events.flatMap((e: LabEvent) => (e.type === 'log' && e.pid === pid ? [e.line] : []));
const proc = (r: RunReport, pid: number) => r.processes.find((p) => p.pid === pid);

const methods = await startMethods();
/** As the phase-1 lecture test scales them: long enough where the lesson depends on an order. */
const SCALE: Record<string, number> = {
  parallel: 0.01,
  spawn: 0.01,
  isolation: 0.02,
  join: 0.02,
  lifecycle: 0.05,
  zombie: 0.25,
  orphan: 0.5,
  daemon: 0.05,
  'ticket-race': 0.01,
};

describe('process-lab run <experiment> --python', () => {
  for (const method of methods)
    for (const id of Object.keys(SCALE))
      // lifecycle's children are ended within a few ms of their start: under forkserver one may
      // never say hello nor be sampled, and is known from its parent's start() alone (the
      // tracer names the forkserver, so its record opens under its real parent at once).
      it(`${id} under ${method}: the lecture's program, traced`, { timeout: 120_000 }, async () => {
        const r = await report(
          'run',
          id,
          '--python',
          '--start-method',
          method,
          '--time-scale',
          String(SCALE[id]),
          '--hz',
          '10',
        );
        expect(r.experiment).toBe(id);
        expect(r.options).toMatchObject({ python: true, startMethod: method, timeScale: SCALE[id] });
        expect(r.python?.version).toMatch(/^3\.\d+\.\d+$/);
        expect(r.python?.startMethod).toBe(method);
        const main = r.processes[0]!;
        expect([main.name, main.role, main.exitCode]).toEqual(['MainProcess', 'main', 0]);
        // Every child start() names is a record under that name, its prints attributed to it.
        const starts = calls(r, 'Process.start').filter((c) => c.pid === main.pid);
        expect(starts.length).toBeGreaterThan(0);
        for (const s of starts) expect(proc(r, s.target!)?.name).toBe(s.detail?.name);
        // Started by the script: its child (or daemon), whoever its OS parent is (the forkserver).
        for (const s of starts) expect(proc(r, s.target!)?.role).toBe(s.detail?.daemon === true ? 'daemon' : 'child');
        if (method === 'forkserver') {
          const fs = r.processes.find((p) => p.role === 'forkserver');
          expect(fs).toBeDefined();
          // The forkserver forks every child: it is their parent, not the script.
          for (const s of starts) expect(proc(r, s.target!)?.ppids[0]).toBe(fs!.pid);
        }
        if (id === 'join') {
          const t = r.pythonFacts!.joinTotalsS!;
          const scale = SCALE[id]!;
          // Calling foo three times sleeps 1 + 2 + 3 s, scaled; a start() costs what the method
          // costs (a fresh interpreter under spawn), so the lecture's order holds under fork only.
          expect(t.direct!).toBeGreaterThanOrEqual(6 * scale);
          expect(t.allStartThenJoin!).toBeGreaterThanOrEqual(3 * scale);
          expect(t.startJoinEach!).toBeGreaterThanOrEqual(6 * scale);
          if (method === 'fork') expect(t.allStartThenJoin).toBeLessThan(t.startJoinEach!);
          expect(r.pythonFacts!.lectureS).toEqual({ direct: 6, allStartThenJoin: 3.58, startJoinEach: 7.21 });
          // Children print from their own pid (spawn and forkserver children are fresh interpreters).
          expect(lines(r, starts[0]!.target!)).toEqual(['进程1 start', '进程1 end']);
        }
        if (id === 'lifecycle') {
          const f = r.pythonFacts!.terminate!;
          expect([f.aliveBefore, f.exitcode]).toEqual([true, -15]);
          // Right after terminate() the answer is the OS's race (True in the lecture): the fact
          // is what main itself printed.
          expect(lines(r, main.pid).slice(0, 2)).toEqual(['True', f.aliveRightAfter ? 'True' : 'False']);
          expect(proc(r, f.target)?.signal).toBe('SIGTERM');
        }
        if (id === 'daemon') {
          const d = r.pythonFacts!.daemon!;
          // multiprocessing terminates the daemon after main's code ended.
          expect(d.daemonEndMs!).toBeGreaterThanOrEqual(d.mainCodeEndMs!);
          expect(proc(r, d.daemonPid)?.pyExitcode).toBe(-15);
        }
        if (id === 'ticket-race') expect(r.pythonFacts!.tickets!.sold).toBeGreaterThanOrEqual(1);
      });
});

describe('process-lab observe -- python3 FILE traces automatically', () => {
  it('terminate(), is_alive() and join(): the calls with their targets and results', { timeout: 60_000 }, async () => {
    const file = join(work(), 'term.py');
    writeFileSync(
      file,
      [
        'import multiprocessing as mp, time',
        'def sleeper():',
        '    time.sleep(60)',
        "if __name__ == '__main__':",
        "    p = mp.Process(target=sleeper, name='sleeper')",
        '    p.start()',
        "    print('alive', p.is_alive())",
        '    p.terminate()',
        '    p.join()',
        "    print('after', p.is_alive(), p.exitcode)",
        '',
      ].join('\n'),
    );
    const r = await report('observe', '--hz', '10', '--', 'python3', file);
    expect(r.experiment).toBe('observe');
    const main = r.processes.find((p) => p.role === 'main')!;
    expect(main.name).toBe('MainProcess');
    const [start] = calls(r, 'Process.start');
    const child = start!.target!;
    expect(proc(r, child)).toMatchObject({ name: 'sleeper', role: 'child', signal: 'SIGTERM', pyExitcode: -15 });
    expect(calls(r, 'Process.terminate').map((c) => [c.pid, c.target])).toEqual([[main.pid, child]]);
    expect(calls(r, 'Process.is_alive').map((c) => [c.target, c.result])).toEqual([
      [child, true],
      [child, false],
    ]);
    const [joined] = calls(r, 'Process.join');
    expect([joined!.target, joined!.result]).toEqual([child, -15]);
    expect(joined!.endT).toBeGreaterThanOrEqual(joined!.t);
    // The reaping is the wait join() made, by main.
    const reaped = r.events.find(
      (e) => e.type === 'reaped' && e.pid === child && 'signal' in e && e.signal === 'SIGTERM',
    );
    expect(reaped).toMatchObject({ by: main.pid });
    expect(lines(r, main.pid)).toEqual(['alive True', 'after False -15']);
    // Whatever else ran is the interpreter's launcher (pyenv's shims), marked so.
    for (const p of r.processes) expect(['main', 'child', 'shim']).toContain(p.role);
  });

  it(
    'a zombie made with os.fork() is seen as Z and reaped by the waitpid the trace recorded',
    { timeout: 60_000 },
    async () => {
      const file = join(work(), 'zombie.py');
      writeFileSync(
        file,
        [
          'import os, time',
          'pid = os.fork()',
          'if pid == 0:',
          '    os._exit(3)',
          '# Wait until the OS shows the child as a zombie, then give the lab some ticks to see it.',
          "while open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[0] != 'Z':",
          '    time.sleep(0.01)',
          'time.sleep(0.5)',
          'got, status = os.waitpid(pid, 0)',
          "print('reaped', got, os.WEXITSTATUS(status))",
          '',
        ].join('\n'),
      );
      const r = await report('observe', '--hz', '20', '--', 'python3', file);
      const main = r.processes.find((p) => p.role === 'main')!;
      const [fork] = calls(r, 'os.fork').filter((c) => c.pid === main.pid);
      const child = fork!.result as number;
      expect(proc(r, child)?.states).toContain('Z');
      expect(proc(r, child)?.exitCode).toBe(3);
      const wait = calls(r, 'os.waitpid').find((c) => c.pid === main.pid && c.target === child)!;
      expect(wait.result).toMatchObject({ pid: child, exitCode: 3 });
      expect(r.pythonFacts!.zombies).toEqual([
        expect.objectContaining({
          pid: child,
          reapedBy: expect.objectContaining({ pid: main.pid, api: 'os.waitpid' }),
        }),
      ]);
      expect(lines(r, main.pid)).toEqual([`reaped ${child} 3`]);
    },
  );

  it(
    'a program that is not Python is observed exactly as before (no trace, no python block)',
    { timeout: 30_000 },
    async () => {
      const r = await report('observe', '--hz', '10', '--', 'sh', '-c', 'echo hi; sleep 0.2');
      expect(r).not.toHaveProperty('python');
      expect(r).not.toHaveProperty('pythonFacts');
      expect(r.options).not.toHaveProperty('python');
      expect(calls(r)).toEqual([]);
      expect(r.processes[0]).toMatchObject({ name: 'sh', role: 'observed', exitCode: 0 });
      expect(lines(r, r.processes[0]!.pid)).toEqual(['hi']);
    },
  );

  it('at the default rate (auto: no --hz given), traced as well', { timeout: 30_000 }, async () => {
    // Auto is 0, below the fixed minimum: the traced path once refused it ("hz: must be a number from 0.2").
    const r = await report('observe', '--', 'python3', '-c', 'print("auto rate")');
    expect(r.python?.version).toMatch(/^3\./);
    expect(r.sampling?.mode).toBe('auto');
    expect(r.events.some((e) => e.type === 'log' && e.line === 'auto rate')).toBe(true);
  });

  it('python3 -I (the tracer never loads, no hello): its pipe is its log, once', { timeout: 30_000 }, async () => {
    const r = await report('observe', '--hz', '10', '--', 'python3', '-I', '-c', 'print("x"); print("y")');
    expect(r.processes[0]!.exitCode).toBe(0);
    expect(lines(r, r.processes[0]!.pid)).toEqual(['x', 'y']);
  });

  it('--no-trace observes a Python command as any program', { timeout: 30_000 }, async () => {
    const r = await report('observe', '--no-trace', '--', 'python3', '-c', 'print("x")');
    expect(r).not.toHaveProperty('python');
    expect(calls(r)).toEqual([]);
  });
});

describe('bad input starts nothing', () => {
  it('no usable interpreter: one sentence saying how to point the lab at one', async () => {
    const r = await cli('run', 'join', '--python', join(work(), 'no-such-python'), '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/No usable Python interpreter.*--python PATH/);
  });

  it('--start-method without --python, and an experiment option with --python, are refused', async () => {
    const a = await cli('run', 'join', '--start-method', 'spawn');
    expect([a.status, a.stderr]).toEqual([2, 'process-lab: --start-method needs --python\n']);
    const b = await cli('run', 'join', '--python', '--durations', '1,2');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--durations does not apply to the lecture's Python/);
  });
});
