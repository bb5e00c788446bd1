/**
 * "Your program" through the door, under Node with a real python3: the browser server's
 * `--programs` folder (listed by file name, run by id; every id that is not one of its files is
 * refused and nothing starts), the app's dialog path (what the shell's dialog hands back is
 * checked by the engine), and the Python interpreter setting (checked before it is kept).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CALL_CHANNELS, type LabResult } from '../../../../../contract/ipc';
import type { LabEvent } from '../../../../../contract/events';
import type { RunReport } from '../../../../../contract/report';
import { createDoor, type LabPush } from '../../../../../main/lab/host/door';
import { ProgramFolder } from '../../../../../main/lab/host/python/programs';
import { EXPERIMENTS } from '../../../../../main/lab/experiments/index';
import { findPython } from '../../../../../main/lab/python/find-python';
import { SettingsStore } from '../../../../../main/settings';
import { labSupervisor } from '../../../../helpers/lab';

const ROOT = resolve(import.meta.dirname, '../../../../..');
const base = mkdtempSync(join(tmpdir(), 'pl-programs-test-'));
const dir = join(base, 'programs');
const outside = join(base, 'elsewhere');
mkdirSync(dir);
mkdirSync(outside);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A student's program: main prints, starts a named child that prints, joins it. */
const HELLO = `from multiprocessing import Process, current_process
import os

def greet(who):
    print(f'hello from {current_process().name} pid {os.getpid()} to {who}', flush=True)

if __name__ == '__main__':
    print('main starts', flush=True)
    p = Process(target=greet, args=('class',), name='Greeter')
    p.start()
    p.join()
    print(f'child exit code {p.exitcode}', flush=True)
`;
writeFileSync(join(dir, 'hello.py'), HELLO);
writeFileSync(join(dir, '作业.py'), "print('作业')\n");
writeFileSync(join(dir, 'notes.txt'), 'not a program\n');
mkdirSync(join(dir, 'folder.py'));
writeFileSync(join(outside, 'secret.py'), "print('must never run')\n");
symlinkSync(join(outside, 'secret.py'), join(dir, 'escape.py'));
symlinkSync('/etc/passwd', join(dir, 'passwd.py'));
symlinkSync('hello.py', join(dir, 'alias.py'));
symlinkSync(join(dir, 'gone-target.py'), join(dir, 'dangling.py'));

const OURS = { id: 'ours' };

function door(o: { programs?: ProgramFolder; choose?: () => Promise<string | null>; pythonFromView?: boolean } = {}) {
  const supervisor = labSupervisor();
  const startPython = vi.spyOn(supervisor, 'startPython');
  const settings = new SettingsStore(null);
  const d = createDoor<typeof OURS>({
    supervisor,
    isTrustedSender: (s) => s === OURS,
    settings,
    ...(o.programs ? { programs: o.programs } : {}),
    ...(o.choose ? { chooseProgramFile: o.choose } : {}),
    ...(o.pythonFromView !== undefined ? { pythonFromView: o.pythonFromView } : {}),
  });
  const pushes: LabPush[] = [];
  d.subscribe((p) => pushes.push(p));
  return { d, supervisor, startPython, settings, pushes };
}

function value<T>(r: LabResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
function code(r: LabResult<unknown>): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error.code;
}

/** Waits for the run's end; its events (as pushed) and its report. */
async function ended(pushes: LabPush[], runId: string): Promise<{ events: LabEvent[]; report: RunReport }> {
  await vi.waitFor(
    () => expect(pushes.some((p) => p.name === 'runEnded' && (p.payload as RunReport).runId === runId)).toBe(true),
    { timeout: 30_000 },
  );
  const events = pushes
    .filter((p) => p.name === 'events')
    .flatMap((p) => p.payload as LabEvent[])
    .filter((e) => e.runId === runId);
  const report = pushes.find((p) => p.name === 'runEnded' && (p.payload as RunReport).runId === runId)!
    .payload as RunReport;
  return { events, report };
}

/** What a traced run of hello.py must show: main and the Greeter child, each one's own prints. */
function expectHello(events: LabEvent[], report: RunReport): void {
  expect(report.error).toBeNull();
  expect(report.leaked).toEqual([]);
  const main = report.processes.find((p) => p.role === 'main')!;
  const child = report.processes.find((p) => p.name === 'Greeter');
  expect(child, 'the Greeter child in the report').toBeDefined();
  const logs = events.filter((e): e is Extract<LabEvent, { type: 'log' }> => e.type === 'log');
  expect(logs.find((l) => l.line === 'main starts')?.pid).toBe(main.pid);
  const hello = logs.find((l) => l.line.startsWith('hello from Greeter'));
  expect(hello?.pid).toBe(child!.pid);
  expect(hello?.line).toBe(`hello from Greeter pid ${child!.pid} to class`);
  expect(logs.some((l) => l.line === 'child exit code 0' && l.pid === main.pid)).toBe(true);
  const start = events.find((e) => e.type === 'call' && e.api === 'Process.start');
  expect(start && 'target' in start ? start.target : null).toBe(child!.pid);
  expect(events.some((e) => e.type === 'call' && e.api === 'Process.join')).toBe(true);
}

describe('the programs folder (npm run serve -- --programs DIR)', () => {
  const folder = new ProgramFolder(dir);

  it('lists its .py files by name: no path, no link leading out, no folder, no other file', async () => {
    const { d } = door({ programs: folder });
    const choice = value<{ picker: string; folder: boolean; programs: { id: string; name: string }[] }>(
      await d.handle(OURS, CALL_CHANNELS.listPrograms, []),
    );
    expect(choice.picker).toBe('folder');
    expect(choice.folder).toBe(true);
    expect(choice.programs.map((p) => p.id)).toEqual(['alias.py', 'hello.py', '作业.py']);
    expect(JSON.stringify(choice)).not.toContain(base);
    d.dispose();
  });

  it('runs one by id, traced: its processes, each one’s prints, its calls', async () => {
    const { d, pushes } = door({ programs: folder });
    const started = value<{ runId: string }>(
      await d.handle(OURS, CALL_CHANNELS.runProgram, ['hello.py', { startMethod: 'spawn', hz: 20 }]),
    );
    const { events, report } = await ended(pushes, started.runId);
    expectHello(events, report);
    expect(report.python?.startMethod).toBe('spawn');
    d.dispose();
  });

  it('at the view’s default rate (auto, hz 0), like the lecture’s Python', async () => {
    const { d, pushes } = door({ programs: folder });
    for (const [channel, args] of [
      [CALL_CHANNELS.runProgram, ['hello.py', { hz: 0 }]],
      [CALL_CHANNELS.runLecturePython, ['join', { hz: 0, timeScale: 0.01 }]],
    ] as const) {
      const started = value<{ runId: string }>(await d.handle(OURS, channel, args));
      const { report } = await ended(pushes, started.runId);
      expect(report.error, channel).toBeNull();
      expect(report.sampling?.mode, channel).toBe('auto');
    }
    // Between auto and the fixed minimum: refused at the door.
    expect(code(await d.handle(OURS, CALL_CHANNELS.runProgram, ['hello.py', { hz: 0.1 }]))).toBe('bad-request');
    d.dispose();
  });

  it('refuses every id that is not one of its files, and starts nothing', async () => {
    const { d, startPython, supervisor, pushes } = door({ programs: folder });
    const refused: Record<string, string> = {};
    for (const id of [
      '../elsewhere/secret.py',
      '..',
      '../../etc/passwd',
      '/etc/passwd',
      join(dir, 'hello.py'),
      'elsewhere/secret.py',
      'notes.txt',
      'hello',
      'escape.py',
      'passwd.py',
      'dangling.py',
      'folder.py',
      'missing.py',
      'secret.py',
    ])
      refused[id] = code(await d.handle(OURS, CALL_CHANNELS.runProgram, [id, {}]));
    expect(refused).toEqual({
      '../elsewhere/secret.py': 'bad-request',
      '..': 'bad-request',
      '../../etc/passwd': 'bad-request',
      '/etc/passwd': 'bad-request',
      [join(dir, 'hello.py')]: 'bad-request',
      'elsewhere/secret.py': 'bad-request',
      'notes.txt': 'bad-request',
      hello: 'bad-request',
      'escape.py': 'unknown-program',
      'passwd.py': 'unknown-program',
      'dangling.py': 'unknown-program',
      'folder.py': 'unknown-program',
      'missing.py': 'unknown-program',
      'secret.py': 'unknown-program',
    });
    expect(startPython).not.toHaveBeenCalled();
    expect(supervisor.activeRuns()).toEqual([]);
    expect(pushes.filter((p) => p.name === 'runStarted')).toEqual([]);
    d.dispose();
  });

  it('without --programs: an empty list, and a run by id says how to start the server', async () => {
    const { d, startPython } = door({ programs: new ProgramFolder(null) });
    expect(value(await d.handle(OURS, CALL_CHANNELS.listPrograms, []))).toMatchObject({
      picker: 'folder',
      folder: false,
      programs: [],
    });
    const r = await d.handle(OURS, CALL_CHANNELS.runProgram, ['hello.py', {}]);
    expect(code(r)).toBe('unknown-program');
    expect(!r.ok && r.error.message).toMatch(/--programs DIR/);
    expect(startPython).not.toHaveBeenCalled();
    d.dispose();
  });

  it('a folder that is not one stops the server from starting', () => {
    expect(() => new ProgramFolder(join(dir, 'notes.txt'))).toThrow(/not a folder/);
    expect(() => new ProgramFolder(join(base, 'nope'))).toThrow();
  });
});

describe('the app’s open dialog (chooseProgram)', () => {
  it('runs the file the dialog handed back, traced; a cancel runs nothing', async () => {
    let answer: string | null = join(dir, 'hello.py');
    const { d, pushes, startPython } = door({ choose: () => Promise.resolve(answer) });
    expect(value(await d.handle(OURS, CALL_CHANNELS.listPrograms, []))).toMatchObject({
      picker: 'dialog',
      programs: [],
    });
    const started = value<{ runId: string }>(await d.handle(OURS, CALL_CHANNELS.chooseProgram, [{ hz: 20 }]));
    const { events, report } = await ended(pushes, started.runId);
    expectHello(events, report);
    answer = null;
    expect(await d.handle(OURS, CALL_CHANNELS.chooseProgram, [{}])).toEqual({ ok: true, value: null });
    expect(startPython).toHaveBeenCalledTimes(1);
    d.dispose();
  });

  it('refuses what is not a .py file, and starts nothing', async () => {
    let answer = '';
    const { d, startPython } = door({ choose: () => Promise.resolve(answer) });
    for (const bad of [join(dir, 'notes.txt'), join(dir, 'folder.py'), join(dir, 'missing.py'), 'hello.py']) {
      answer = bad;
      expect(code(await d.handle(OURS, CALL_CHANNELS.chooseProgram, [{}])), bad).toBe('bad-options');
    }
    expect(startPython).not.toHaveBeenCalled();
    d.dispose();
  });

  it('without a dialog (a browser) it is not possible', async () => {
    const { d, startPython } = door();
    expect(code(await d.handle(OURS, CALL_CHANNELS.chooseProgram, [{}]))).toBe('not-possible');
    expect(startPython).not.toHaveBeenCalled();
    d.dispose();
  });
});

describe('the Python interpreter setting', () => {
  const notPython = join(base, 'not-python');
  writeFileSync(notPython, '#!/bin/sh\necho hello\n');
  chmodSync(notPython, 0o755);
  const notExecutable = join(base, 'python-but-not-executable');
  writeFileSync(notExecutable, '');
  chmodSync(notExecutable, 0o644);

  it('refuses a bad value with one sentence, and the settings stay unchanged', async () => {
    const { d, settings, pushes } = door();
    const why: Record<string, string> = {};
    for (const p of ['python3', join(base, 'nope'), base, notExecutable, notPython]) {
      const r = await d.handle(OURS, CALL_CHANNELS.setSettings, [{ pythonPath: p, language: 'zh' }]);
      expect(code(r), p).toBe('bad-options');
      why[p.replace(base, '<base>')] = r.ok ? '' : r.error.message.replace(/^.*?: /, '');
    }
    expect(why).toEqual({
      python3: expect.stringMatching(/absolute path/),
      '<base>/nope': expect.stringMatching(/no such file/),
      '<base>': expect.stringMatching(/not a file/),
      '<base>/python-but-not-executable': expect.stringMatching(/not executable/),
      '<base>/not-python': expect.stringMatching(/not a Python interpreter/),
    });
    expect(settings.get()).toEqual({ keepInTray: true, language: 'auto', pythonPath: '' });
    expect(pushes.filter((p) => p.name === 'settingsChanged')).toEqual([]);
    d.dispose();
  });

  it('keeps a real interpreter, and traced runs use it', async () => {
    const real = (await findPython()).executable;
    const { d, pushes } = door();
    expect(value(await d.handle(OURS, CALL_CHANNELS.setSettings, [{ pythonPath: real }]))).toMatchObject({
      pythonPath: real,
    });
    const started = value<{ runId: string }>(
      await d.handle(OURS, CALL_CHANNELS.runLecturePython, ['join', { timeScale: 0.01, hz: 20 }]),
    );
    const { report } = await ended(pushes, started.runId);
    expect(report.python?.executable).toBe(real);
    // Empty again: back to finding python3 on PATH.
    expect(value(await d.handle(OURS, CALL_CHANNELS.setSettings, [{ pythonPath: '' }]))).toMatchObject({
      pythonPath: '',
    });
    d.dispose();
  });

  it('in a browser a page cannot change it (the server’s --python names it)', async () => {
    const real = (await findPython()).executable;
    const { d, settings } = door({ pythonFromView: false });
    const r = await d.handle(OURS, CALL_CHANNELS.setSettings, [{ pythonPath: real }]);
    expect(code(r)).toBe('not-possible');
    expect(!r.ok && r.error.message).toMatch(/--python PATH/);
    expect(settings.get().pythonPath).toBe('');
    // The rest of the settings still change from the page.
    expect(value(await d.handle(OURS, CALL_CHANNELS.setSettings, [{ language: 'zh' }]))).toMatchObject({
      language: 'zh',
    });
    d.dispose();
  });

  it('no interpreter: one sentence naming the settings and --python, code no-python, nothing started', async () => {
    const { supervisor } = door();
    const err = await supervisor.startPython({ experiment: 'join', python: join(base, 'nope') }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('no-python');
    expect(err?.message).toMatch(/--python PATH/);
    expect(err?.message).toMatch(/settings/);
    expect(supervisor.activeRuns()).toEqual([]);
  });
});

describe('the lecture text shown is the lecture program that runs', () => {
  it('every experiment’s ExperimentInfo.lecture equals its lecture.py', async () => {
    const { d } = door();
    const infos = value<{ id: string; lecture: string }[]>(await d.handle(OURS, CALL_CHANNELS.listExperiments, []));
    expect(infos.map((i) => i.id)).toEqual(EXPERIMENTS.map((e) => e.id));
    for (const info of infos) {
      const file = readFileSync(join(ROOT, 'main/lab/experiments', info.id, 'lecture.py'), 'utf8');
      expect(info.lecture, info.id).toBe(file);
      expect(info.lecture.length, info.id).toBeGreaterThan(50);
    }
    d.dispose();
  });
});
