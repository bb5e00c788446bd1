/**
 * LabState against a fake engine: the same calls and pushes as the contract, replaying a
 * recorded real run. Events are routed to their run even before `runExperiment` has answered,
 * the guess is locked when Run is pressed, and refusals land where they happened.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ExperimentInfo, LabApi, LabPushes, LabResult, RunStarted } from '../../../contract/ipc';
import { LabState } from '../../../renderer/src/lib/lab-state.svelte';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { fixture } from '../fixtures';

type Listeners = { [P in keyof LabPushes]?: (payload: LabPushes[P]) => void };

const zombieInfo: ExperimentInfo = {
  id: 'zombie',
  concepts: [10],
  title: { en: 'Zombie processes', zh: '僵尸进程' },
  summary: { en: '', zh: '' },
  options: [
    {
      key: 'timeScale',
      help: { en: '', zh: '' },
      common: true,
      kind: 'number',
      min: 0.01,
      max: 10,
      default: 1,
      integer: false,
    },
    {
      key: 'hz',
      help: { en: '', zh: '' },
      common: true,
      kind: 'number',
      min: 0.2,
      max: 50,
      default: 2,
      integer: false,
    },
  ],
  defaults: { timeScale: 1, hz: 2 },
  expectedMs: 3000,
  lecture: '',
  labCode: '',
  unsupported: null,
};

function fakeApi(run: (id: string, opts: Record<string, unknown>) => LabResult<RunStarted>) {
  const on: Listeners = {};
  const calls: Array<[string, unknown[]]> = [];
  const ok = <T>(value: T): Promise<LabResult<T>> => Promise.resolve({ ok: true, value });
  const api = {
    listExperiments: () => ok([zombieInfo]),
    snapshot: () => ok({ runs: [], records: [], events: [] }),
    getSettings: () => ok({ keepInTray: true, language: 'auto' as const, pythonPath: '' }),
    setSettings: () => ok({ keepInTray: true, language: 'auto' as const, pythonPath: '' }),
    runExperiment: (id: string, opts: Record<string, unknown>) => {
      calls.push(['runExperiment', [id, opts]]);
      return Promise.resolve(run(id, opts));
    },
    runLecturePython: (id: string, opts: Record<string, unknown>) => {
      calls.push(['runLecturePython', [id, opts]]);
      return Promise.resolve(run(id, opts));
    },
    stopRun: () => ok(null),
    signal: () =>
      Promise.resolve({ ok: false, error: { code: 'not-lab-process', message: 'pid 1 is not a lab process' } }),
    reap: () => ok(null),
    killAll: () => ok({ leaked: [] }),
    onEvents: (l: Listeners['events']) => ((on.events = l), () => {}),
    onRunStarted: (l: Listeners['runStarted']) => ((on.runStarted = l), () => {}),
    onRunEnded: (l: Listeners['runEnded']) => ((on.runEnded = l), () => {}),
    onElectronProcesses: (l: Listeners['electronProcesses']) => ((on.electronProcesses = l), () => {}),
    onShowRun: (l: Listeners['showRun']) => ((on.showRun = l), () => {}),
    onSettingsChanged: (l: Listeners['settingsChanged']) => ((on.settingsChanged = l), () => {}),
  } as unknown as LabApi;
  return { api, on, calls };
}

describe('LabState', () => {
  it("runs the lecture's Python when chosen: the run's rate and scale only; its traced events fold by pid", async () => {
    const traced = fixture('traced-lifecycle').report;
    const { api, on, calls } = fakeApi(() => ({
      ok: true,
      value: {
        runId: traced.runId,
        experiment: 'zombie',
        mainPid: traced.processes[0]!.pid,
        startedAt: traced.startedAt,
        options: traced.options,
        expectedMs: 0,
      },
    }));
    const lab = new LabState(api, { hz: 10, timeScale: 0.3, keepExitedSec: 10 });
    await lab.start();
    lab.runAs.zombie = 'lecture';
    await lab.run();
    expect(calls).toEqual([['runLecturePython', ['zombie', { timeScale: 0.3, hz: 10 }]]]);
    on.events!(traced.events.map((e) => ({ ...e })));
    on.runEnded!(traced);
    const model = lab.runs.find((r) => r.runId === traced.runId)!.model;
    const [main, p1, rocky] = traced.processes;
    expect(model.all.map((p) => p.name)).toEqual(['MainProcess', 'Process-1', 'rocky']);
    // Each process's prints are its own (the tracer said which pid printed them).
    expect(model.all.find((p) => p.pid === rocky!.pid)?.lines.map((l) => l.line)).toEqual(['进程 start', 'rocky']);
    expect(model.all.find((p) => p.pid === main!.pid)?.lines.map((l) => l.line)).toContain('主进程');
    expect(model.all.find((p) => p.pid === p1!.pid)?.pyExitcode).toBe(-15);
    lab.dispose();
  });

  it('runs with the form’s options, folds the run’s events into its own model, and keeps the guess', async () => {
    const f = fixture('zombie');
    const { api, on, calls } = fakeApi(() => ({
      ok: true,
      value: {
        runId: f.report.runId,
        experiment: 'zombie',
        mainPid: f.report.processes[0]!.pid,
        startedAt: f.report.startedAt,
        options: f.report.options,
        expectedMs: 1234,
      },
    }));
    const lab = new LabState(api, { hz: 10, timeScale: 0.3, keepExitedSec: 10 });
    await lab.start();
    expect(lab.selectedId).toBe('zombie');
    lab.setGuess('zombie', 'Z');
    // The first batch arrives before runExperiment answers (as it may over a socket).
    on.events!(f.batches[0]!);
    await lab.run();
    expect(calls).toEqual([['runExperiment', ['zombie', { timeScale: 0.3, hz: 10 }]]]);
    for (const b of f.batches.slice(1)) on.events!(b);
    const run = lab.latestRun('zombie')!;
    expect(lab.runs).toHaveLength(1);
    expect(run.expectedMs).toBe(1234);
    expect(run.running).toBe(true);
    expect(lab.shownRunId).toBe(f.report.runId);
    on.runEnded!(f.report);
    expect(run.running).toBe(false);
    expect(run.guess).toBe('Z');
    expect(lab.lastEnded('zombie')?.report?.facts.zombiesSeen).toBe(3);
    expect(run.model.all.filter((p) => p.spans.some((s) => s.state === 'Z'))).toHaveLength(3);
    lab.dispose();
  });

  it('shows a refusal in the panel of the experiment it concerns, and a process error apart', async () => {
    const { api } = fakeApi(() => ({ ok: false, error: { code: 'bad-options', message: 'options: hz too high' } }));
    const lab = new LabState(api, { hz: 2, timeScale: 1, keepExitedSec: 10 });
    await lab.start();
    await lab.run();
    expect(lab.errors.zombie).toEqual({ code: 'bad-options', message: 'options: hz too high' });
    expect(lab.runs).toHaveLength(0);
    await lab.signal(1, 'SIGTERM');
    expect(lab.errors.process?.code).toBe('not-lab-process');
    lab.dismiss('zombie');
    expect(lab.errors.zombie).toBeUndefined();
    lab.dispose();
  });

  it('does not send a form with a field in error', async () => {
    const { api, calls } = fakeApi(() => {
      throw new Error('must not be called');
    });
    const lab = new LabState(api, { hz: 2, timeScale: 1, keepExitedSec: 10 });
    await lab.start();
    lab.setOption(zombieInfo, 'timeScale', '0');
    expect(Object.keys(lab.form(zombieInfo).errors)).toEqual(['timeScale']);
    await lab.run();
    expect(calls).toEqual([]);
    lab.dispose();
  });

  it('folds the pushes of one frame together into the same state as folding each push alone', async () => {
    // Frozen clock: the glow and grey-out times are then the same in both models.
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
    try {
      const f = fixture('zombie');
      const { api, on } = fakeApi(() => {
        throw new Error('not called');
      });
      const lab = new LabState(api, { hz: 10, timeScale: 1, keepExitedSec: 10 });
      const started = lab.start();
      await vi.runOnlyPendingTimersAsync();
      await started;
      // Every live push of the run, exits included, before one frame.
      for (const b of f.batches) on.events!(b.map((e) => ({ ...e })));
      // Nothing folded before the frame (the run itself is first met in its events).
      expect(lab.runs).toHaveLength(0);
      // jsdom has no animation frames: the batch's own 16 ms timer stands for the frame.
      vi.advanceTimersByTime(16);
      const run = lab.runs.find((r) => r.runId === f.report.runId)!;

      const alone = new ProcessModel({ keepExitedMs: 10_000 });
      for (const b of f.batches) alone.apply(b);
      expect(f.batches.length).toBeGreaterThan(5);
      expect(f.batches.flat().some((e) => e.type === 'exited')).toBe(true);
      expect([...run.model.procs.entries()]).toEqual([...alone.procs.entries()]);
      const usage = (m: ProcessModel) =>
        [...m.usage].map(([pid, u]) => [pid, u.cpu, u.rss, u.cpuHistory, u.rssHistory]);
      expect(usage(run.model)).toEqual(usage(alone));
      expect(run.model.marks).toEqual(alone.marks);
      expect(run.model.files).toEqual(alone.files);
      expect(run.model.lastT).toBe(alone.lastT);
      expect(run.model.visible.map((p) => p.pid)).toEqual(alone.visible.map((p) => p.pid));
      lab.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
