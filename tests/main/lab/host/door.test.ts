/**
 * The door, on a real supervisor: the sender is checked first, then the channel, then the
 * payload; hostile payloads never reach the engine (its methods are spied on); only the lab's
 * own processes are ever signalled; events arrive batched per tick.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALL_CHANNELS, LAB_METHODS, PUSH_CHANNELS, type LabResult } from '../../../../contract/ipc';
import type { LabEvent } from '../../../../contract/events';
import type { RunReport } from '../../../../contract/report';
import { createDoor, type LabPush } from '../../../../main/lab/host/door';
import { LabError } from '../../../../main/lab/common/errors';
import { EXPERIMENTS } from '../../../../main/lab/experiments/index';
import { SettingsStore } from '../../../../main/settings';
import { labSupervisor } from '../../../helpers/lab';

/** A sender as a transport would identify it; the "window lookup" decides who is trusted. */
interface FakeSender {
  id: string;
}
const OURS: FakeSender = { id: 'main-frame' };

function door(lookup: () => FakeSender | null = () => OURS) {
  const supervisor = labSupervisor();
  const spies = {
    start: vi.spyOn(supervisor, 'start'),
    startPython: vi.spyOn(supervisor, 'startPython'),
    signal: vi.spyOn(supervisor, 'signal'),
    reap: vi.spyOn(supervisor, 'reap'),
    killAll: vi.spyOn(supervisor, 'killAll'),
    live: vi.spyOn(supervisor, 'live'),
    activeRuns: vi.spyOn(supervisor, 'activeRuns'),
  };
  const settings = new SettingsStore(null);
  const setSpy = vi.spyOn(settings, 'set');
  const logged: string[] = [];
  const d = createDoor<FakeSender>({
    supervisor,
    // As the Electron binding does it: look the trusted frame up, compare; a failed lookup is "no".
    isTrustedSender: (s) => {
      const trusted = lookup();
      if (!trusted) throw new Error('window gone');
      return s === trusted;
    },
    settings,
    log: (m) => logged.push(m),
  });
  const noEngineCall = (): void => {
    for (const [name, spy] of Object.entries(spies)) expect(spy, `supervisor.${name}`).not.toHaveBeenCalled();
    expect(setSpy).not.toHaveBeenCalled();
  };
  return { d, supervisor, spies, noEngineCall, logged };
}

function failed(r: LabResult<unknown>): { code: string; message: string } {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a failure');
  // Sanitised: one line, no stack, no absolute path.
  expect(r.error.message).not.toMatch(/\n|\bat \S+ \(|\/work\/|\/home\/|\/tmp\//);
  expect(r.error.message.length).toBeLessThanOrEqual(200);
  expect(Object.keys(r.error).sort()).toEqual(['code', 'message']);
  return r.error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the door: who may ask', () => {
  it('answers the app’s own sender', async () => {
    const { d } = door();
    const r = await d.handle(OURS, CALL_CHANNELS.listExperiments, []);
    expect(r.ok).toBe(true);
    d.dispose();
  });

  it('refuses another sender, and a sender when the window/frame lookup fails, before anything else', async () => {
    const gone = door(() => null);
    const stranger = door();
    for (const { d, noEngineCall } of [gone, stranger]) {
      const who = d === gone.d ? OURS : { id: 'iframe' };
      // Even a perfectly valid request, even one to an unknown channel: the sender comes first.
      expect(failed(await d.handle(who, CALL_CHANNELS.runExperiment, ['join', {}])).code).toBe('untrusted-sender');
      expect(failed(await d.handle(who, 'process-lab:call:nope', [])).code).toBe('untrusted-sender');
      expect(failed(await d.handle(who, CALL_CHANNELS.killAll, [])).code).toBe('untrusted-sender');
      noEngineCall();
      d.dispose();
    }
  });

  it('refuses unknown channels, including prototype names', async () => {
    const { d, noEngineCall } = door();
    for (const ch of [
      'runExperiment',
      'process-lab:call:__proto__',
      'process-lab:call:constructor',
      '__proto__',
      'toString',
      42,
      null,
      undefined,
      {},
      PUSH_CHANNELS.events,
    ]) {
      expect(failed(await d.handle(OURS, ch, [])).code, String(ch)).toBe('unknown-channel');
    }
    noEngineCall();
    d.dispose();
  });
});

describe('the door: each schema refuses bad payloads without calling the engine', () => {
  const huge = 'x'.repeat(5_000_000);
  const pollutedJson = JSON.parse('{"__proto__": {"polluted": true}, "timeScale": 1}') as unknown;
  const bad: Record<(typeof LAB_METHODS)[number], unknown[]> = {
    listExperiments: [undefined, null, {}, [1], 'x'],
    runExperiment: [
      [],
      ['join'],
      ['../../etc', {}],
      ['/etc/passwd', {}],
      ['JOIN', {}],
      [42, {}],
      [null, {}],
      [huge, {}],
      ['join', null],
      ['join', []],
      ['join', 'timeScale=1'],
      ['join', pollutedJson],
      ['join', { constructor: 1 }],
      ['join', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))],
      ['join', {}, 'extra'],
      { 0: 'join', 1: {}, length: 2 },
    ],
    // The view names an experiment and how to run it: never a path, a program or an interpreter.
    runLecturePython: [
      [],
      ['join'],
      ['../../etc', {}],
      ['join', { file: '/etc/passwd' }],
      ['join', { python: '/bin/sh' }],
      ['join', { code: 'import os' }],
      ['join', { startMethod: 'exec' }],
      ['join', { timeScale: 0 }],
      ['join', { hz: 1000 }],
      ['join', pollutedJson],
      ['join', {}, 'extra'],
    ],
    listPrograms: [undefined, null, {}, ['x'], [1]],
    // A program is named by a file name of the server's folder: never a path, code, or interpreter.
    runProgram: [
      [],
      ['hello.py'],
      ['../hello.py', {}],
      ['..', {}],
      ['a..py', {}],
      ['/etc/passwd', {}],
      ['sub/hello.py', {}],
      ['sub\\hello.py', {}],
      ['C:hello.py', {}],
      ['.hidden.py', {}],
      ['-rf.py', {}],
      ['hello.sh', {}],
      ['hello', {}],
      ['hello.py\u0000.txt', {}],
      [huge, {}],
      [42, {}],
      ['hello.py', { python: '/bin/sh' }],
      ['hello.py', { file: '/etc/passwd' }],
      ['hello.py', { startMethod: 'exec' }],
      ['hello.py', pollutedJson],
      ['hello.py', {}, 'extra'],
    ],
    chooseProgram: [[], ['/tmp/x.py'], [{ file: '/tmp/x.py' }], [{ code: 'import os' }], [{}, 'extra'], [null]],
    stopRun: [[], [42], ['../../etc'], [huge], ['r1', 'r2']],
    signal: [
      [],
      [1, 'SIGTERM'],
      [0, 'SIGTERM'],
      [-5, 'SIGTERM'],
      [1.5, 'SIGTERM'],
      [NaN, 'SIGTERM'],
      [Infinity, 'SIGTERM'],
      [2 ** 31, 'SIGTERM'],
      ['1234', 'SIGTERM'],
      ['1; rm -rf /', 'SIGKILL'],
      [process.pid, 'SIGSEGV'],
      [process.pid, 9],
      [process.pid, 'sigterm'],
      [process.pid, '__proto__'],
      [process.pid],
    ],
    reap: [[], [1], [-1], [2.5], [NaN], ['7'], [7, 8]],
    killAll: [[1], ['all'], null],
    snapshot: [[true], 'x'],
    getSettings: [[{}]],
    setSettings: [
      [],
      [{ keepInTray: 'yes' }],
      [{ language: 'fr' }],
      [{ evil: true }],
      [pollutedJson],
      [null],
      [{ keepInTray: true }, 1],
      [{ pythonPath: 42 }],
      [{ pythonPath: 'x'.repeat(5000) }],
    ],
  };

  for (const method of LAB_METHODS) {
    it(`${method}: every bad payload is a bad-request, and the engine is never called`, async () => {
      const { d, noEngineCall } = door();
      for (const payload of bad[method]) {
        const e = failed(await d.handle(OURS, CALL_CHANNELS[method], payload));
        expect(e.code, JSON.stringify(payload)?.slice(0, 80)).toBe('bad-request');
        expect(e.message.startsWith(`${method}:`)).toBe(true);
      }
      noEngineCall();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      d.dispose();
    });
  }

  it('runExperiment: a good shape but options the experiment refuses are bad-options, nothing started', async () => {
    const { d, noEngineCall } = door();
    for (const options of [{ durations: [-1] }, { timeScale: 'fast' }, { timeScale: NaN }, { hz: 1e9 }, { bogus: 1 }]) {
      expect(failed(await d.handle(OURS, CALL_CHANNELS.runExperiment, ['join', options])).code).toBe('bad-options');
    }
    expect(failed(await d.handle(OURS, CALL_CHANNELS.runExperiment, ['no-such-thing', {}])).code).toBe(
      'unknown-experiment',
    );
    noEngineCall();
    d.dispose();
  });
});

describe('the door: signals reach only the lab’s own processes', () => {
  it('refuses strangers, itself and its parent without a kill()', async () => {
    const { d } = door();
    const kill = vi.spyOn(process, 'kill');
    const stranger = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      for (const pid of [stranger.pid!, process.pid, process.ppid]) {
        expect(failed(await d.handle(OURS, CALL_CHANNELS.signal, [pid, 'SIGKILL'])).code).toBe('not-lab-process');
        expect(failed(await d.handle(OURS, CALL_CHANNELS.reap, [pid])).code).toBe('not-lab-process');
      }
      expect(kill).not.toHaveBeenCalled();
      expect(stranger.exitCode).toBeNull();
    } finally {
      kill.mockRestore();
      stranger.kill('SIGKILL');
      d.dispose();
    }
  });

  it('signals a live lab process: SIGTERM to a real run’s child ends it with -15', async () => {
    const { d, supervisor } = door();
    // daemon: its two children start at once and live for seconds.
    const started = await d.handle(OURS, CALL_CHANNELS.runExperiment, ['daemon', { hz: 20 }]);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { runId } = started.value as { runId: string };
    const run = supervisor.activeRuns().find((r) => r.runId === runId)!;
    const isChild = (p: { role: string; endMs: number | null; state: string }): boolean =>
      p.role === 'child' && p.endMs === null && p.state !== 'R';
    await run.waitUntil(() => run.records().some(isChild), 5000, 'a child');
    const child = run.records().find(isChild)!;
    const kill = vi.spyOn(process, 'kill');
    const r = await d.handle(OURS, CALL_CHANNELS.signal, [child.pid, 'SIGTERM']);
    expect(r).toEqual({ ok: true, value: null });
    expect(kill.mock.calls.filter(([pid]) => pid === child.pid)).toEqual([[child.pid, 'SIGTERM']]);
    kill.mockRestore();
    // Main's word on the exit status, not merely "ended": a tick can see the child as a zombie
    // (ended, status not yet known) or gone before main's message arrives.
    await run.waitUntil(() => run.record(child.pid)?.pyExitcode != null, 5000, "main's word on the child's exit");
    expect((await d.handle(OURS, CALL_CHANNELS.stopRun, [run.runId])).ok).toBe(true);
    const report = await run.done;
    expect(report.processes.find((p) => p.pid === child.pid)?.pyExitcode).toBe(-15);
    expect(report.leaked).toEqual([]);
    d.dispose();
  });
});

describe('the door: calls and pushes', () => {
  it('lists every experiment of the registry, in lecture order, as plain data', async () => {
    const { d } = door();
    const r = await d.handle(OURS, CALL_CHANNELS.listExperiments, []);
    if (!r.ok) throw new Error(r.error.message);
    const list = r.value as { id: string; options: { key: string }[]; defaults: Record<string, unknown> }[];
    expect(list.map((e) => e.id)).toEqual(EXPERIMENTS.map((e) => e.id));
    for (const e of list) {
      expect(e.options.slice(0, 2).map((o) => o.key)).toEqual(['timeScale', 'hz']);
      expect(e.defaults.timeScale).toBe(1);
      // Survives a structured clone and JSON (what IPC and the WebSocket do).
      expect(JSON.parse(JSON.stringify(e))).toEqual(structuredClone(e));
    }
    d.dispose();
  });

  it('runs a real experiment: runStarted, events batched per tick, runEnded, snapshot on the way', async () => {
    const { d } = door();
    const pushes: LabPush[] = [];
    d.subscribe((p) => pushes.push(p));
    const r = await d.handle(OURS, CALL_CHANNELS.runExperiment, ['join', { durations: [0.05, 0.1], hz: 20 }]);
    if (!r.ok) throw new Error(r.error.message);
    const { runId, mainPid, expectedMs } = r.value as { runId: string; mainPid: number; expectedMs: number };
    expect(expectedMs).toBeGreaterThan(0);
    const snap = await d.handle(OURS, CALL_CHANNELS.snapshot, []);
    if (!snap.ok) throw new Error(snap.error.message);
    const value = snap.value as { runs: { runId: string }[]; records: { pid: number }[] };
    expect(value.runs.map((x) => x.runId)).toContain(runId);
    expect(value.records.map((x) => x.pid)).toContain(mainPid);
    await vi.waitFor(() => expect(pushes.some((p) => p.name === 'runEnded')).toBe(true), { timeout: 15000 });
    expect(pushes[0]).toMatchObject({ name: 'runStarted', channel: PUSH_CHANNELS.runStarted, payload: { runId } });
    const batches = pushes.filter((p) => p.name === 'events').map((p) => p.payload as LabEvent[]);
    const events = batches.flat();
    // Batched: fewer messages than events, each batch one run's.
    expect(batches.length).toBeLessThan(events.length);
    for (const b of batches) expect(new Set(b.map((e) => e.runId))).toEqual(new Set([runId]));
    expect(events.filter((e) => e.type === 'spawned' && e.role === 'child')).toHaveLength(4);
    const ended = pushes.find((p) => p.name === 'runEnded')!.payload as { leaked: number[]; error: string | null };
    expect(ended.error).toBeNull();
    expect(ended.leaked).toEqual([]);
    d.dispose();
  });

  it("runs the lecture's Python: call and log events through the push, the python block in the report", async () => {
    const { d } = door();
    const pushes: LabPush[] = [];
    d.subscribe((p) => pushes.push(p));
    const r = await d.handle(OURS, CALL_CHANNELS.runLecturePython, ['join', { timeScale: 0.02, hz: 20 }]);
    if (!r.ok) throw new Error(r.error.message);
    const { runId } = r.value as { runId: string };
    await vi.waitFor(() => expect(pushes.some((p) => p.name === 'runEnded')).toBe(true), { timeout: 30000 });
    const events = pushes.filter((p) => p.name === 'events').flatMap((p) => p.payload as LabEvent[]);
    expect(events.filter((e) => e.type === 'call' && e.api === 'Process.start')).toHaveLength(6);
    expect(events.some((e) => e.type === 'log' && e.line === '主进程')).toBe(true);
    const ended = pushes.find((p) => p.name === 'runEnded')!.payload as RunReport;
    expect([ended.runId, ended.experiment, ended.error, ended.leaked]).toEqual([runId, 'join', null, []]);
    expect(ended.python?.version).toMatch(/^3\./);
    d.dispose();
  });

  it('stopRun of an unknown run, killAll, and settings round-trip', async () => {
    const { d } = door();
    const pushes: LabPush[] = [];
    d.subscribe((p) => pushes.push(p));
    expect(failed(await d.handle(OURS, CALL_CHANNELS.stopRun, ['r-nope'])).code).toBe('unknown-run');
    expect(await d.handle(OURS, CALL_CHANNELS.killAll, [])).toEqual({ ok: true, value: { leaked: [] } });
    expect(await d.handle(OURS, CALL_CHANNELS.setSettings, [{ language: 'zh' }])).toEqual({
      ok: true,
      value: { keepInTray: true, language: 'zh', pythonPath: '' },
    });
    expect(await d.handle(OURS, CALL_CHANNELS.getSettings, [])).toEqual({
      ok: true,
      value: { keepInTray: true, language: 'zh', pythonPath: '' },
    });
    expect(pushes.map((p) => p.name)).toEqual(['settingsChanged']);
    d.dispose();
  });

  it('an unexpected engine error becomes `internal` with no stack and no path; its detail goes to the log', async () => {
    const { d, supervisor, logged } = door();
    vi.spyOn(supervisor, 'killAll').mockRejectedValue(new Error('EACCES: open /home/student/.secret/thing'));
    const e = failed(await d.handle(OURS, CALL_CHANNELS.killAll, []));
    expect(e).toEqual({ code: 'internal', message: 'killAll failed unexpectedly' });
    expect(logged.join('\n')).toMatch(/EACCES/);
    vi.spyOn(supervisor, 'reap').mockImplementation(() => {
      throw new LabError('not-possible', 'cannot read /proc/123/stat in C:\\Users\\x\\y');
    });
    const e2 = failed(await d.handle(OURS, CALL_CHANNELS.reap, [123]));
    expect(e2.code).toBe('not-possible');
    expect(e2.message).toBe('cannot read <path> in <path>');
    d.dispose();
  });

  it('invoke (the tray’s way in) has no sender but the same schemas', async () => {
    const { d, noEngineCall } = door(() => null);
    expect(failed(await d.invoke('runExperiment', ['../../etc', {}])).code).toBe('bad-request');
    expect(failed(await d.invoke('signal', [1, 'SIGKILL'])).code).toBe('bad-request');
    noEngineCall();
    expect((await d.invoke('listExperiments', [])).ok).toBe(true);
    d.dispose();
  });

  it('a throwing push listener does not keep the others from their pushes', () => {
    const { d, logged } = door();
    const got: string[] = [];
    d.subscribe(() => {
      throw new Error('socket closed');
    });
    d.subscribe((p) => got.push(p.name));
    d.publish('showRun', { runId: 'r1' });
    expect(got).toEqual(['showRun']);
    expect(logged.join()).toMatch(/socket closed/);
    d.dispose();
  });
});
