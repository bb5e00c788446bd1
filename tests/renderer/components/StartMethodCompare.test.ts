/**
 * "Compare start methods", from three recorded real runs of the lecture's zombie program (the
 * CLI's `run zombie --python --start-method M --json`, fork / spawn / forkserver): the three
 * runs are asked for one after the other, the three trees show each child under the parent the
 * OS showed (under forkserver, the forkserver), and the two questions are answered from the
 * runs; a wrong guess points at the node that answers it.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ExperimentInfo, LabApi, LabPushes, RunStarted } from '../../../contract/ipc';
import type { RunReport } from '../../../contract/report';
import StartMethodCompare from '../../../renderer/src/components/StartMethodCompare.svelte';
import { HIGHLIGHT } from '../../../renderer/src/lib/answer-target';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { LabState } from '../../../renderer/src/lib/lab-state.svelte';
import fork from '../fixtures/compare/zombie-fork.json';
import forkserver from '../fixtures/compare/zombie-forkserver.json';
import spawn from '../fixtures/compare/zombie-spawn.json';

const REPORTS = { fork, spawn, forkserver } as unknown as Record<string, RunReport>;

const zombie: ExperimentInfo = {
  id: 'zombie',
  concepts: [10],
  title: { en: 'Zombie processes', zh: '僵尸进程' },
  summary: { en: '', zh: '' },
  options: [],
  defaults: {},
  expectedMs: 3000,
  lecture: '',
  labCode: '',
  unsupported: null,
};

/** The engine's side of the contract, answering each lecture run with the recorded report of its method. */
function recordedEngine() {
  const asked: Array<Record<string, unknown>> = [];
  let ended: ((r: LabPushes['runEnded']) => void) | undefined;
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  const api = {
    listExperiments: () => ok([zombie]),
    snapshot: () => ok({ runs: [], records: [], events: [] }),
    runLecturePython: (_id: string, o: Record<string, unknown>) => {
      asked.push(o);
      // No method asked: the recording's Python (3.11 on Linux) defaults to fork.
      const r = REPORTS[String(o.startMethod ?? 'fork')]!;
      const main = r.processes.find((p) => p.role === 'main')!;
      const started: RunStarted = {
        runId: r.runId,
        experiment: 'zombie',
        mainPid: main.pid,
        startedAt: r.startedAt,
        options: r.options,
        expectedMs: 0,
      };
      // The run's end is pushed after the door's answer, as the engine does.
      setTimeout(() => ended?.(r));
      return ok(started);
    },
    onEvents: () => () => {},
    onRunStarted: () => () => {},
    onRunEnded: (l: (r: RunReport) => void) => ((ended = l), () => {}),
    onElectronProcesses: () => () => {},
    onShowRun: () => () => {},
  } as unknown as LabApi;
  return { api, asked };
}

describe('StartMethodCompare', () => {
  it('runs fork, spawn and forkserver in turn; three trees; the questions answered from the runs', async () => {
    setLanguage('en');
    const { api, asked } = recordedEngine();
    const lab = new LabState(api, { hz: 20, timeScale: 0.25, keepExitedSec: 5 });
    await lab.start();
    lab.runAs.zombie = 'lecture';
    render(StartMethodCompare, { lab, experiment: zombie, platform: 'linux' });

    // The questions are about forkserver until another method is picked.
    expect(screen.getByTestId('ask-about')).toHaveValue('forkserver');
    const parentQ = screen.getByTestId('compare-predict-parent');
    const zombieQ = screen.getByTestId('compare-predict-zombie');
    await fireEvent.click(within(parentQ).getByTestId('guess-main'));
    await fireEvent.click(within(zombieQ).getByTestId('guess-no'));
    await fireEvent.click(screen.getByTestId('compare-run'));

    await waitFor(() => expect(screen.getByTestId('compare-trees').dataset.state).toBe('ended'));
    expect(asked.map((o) => o.startMethod)).toEqual(['fork', 'spawn', 'forkserver']);
    const trees = screen.getAllByTestId('compare-tree');
    expect(trees.map((t) => [t.dataset.method, t.dataset.state])).toEqual([
      ['fork', 'ended'],
      ['spawn', 'ended'],
      ['forkserver', 'ended'],
    ]);

    const node = (tree: HTMLElement, name: string) =>
      within(tree)
        .getAllByTestId('compare-node')
        .find((n) => n.querySelector('strong')?.textContent === name)!;
    const parentName = (el: HTMLElement) =>
      el.closest('li')?.parentElement?.closest('li')?.querySelector('strong')?.textContent ?? null;
    // fork: the child under the script, a zombie there; forkserver: under the forkserver, no zombie.
    const [forkTree, , fsTree] = trees as [HTMLElement, HTMLElement, HTMLElement];
    expect(parentName(node(forkTree, 'Process-1'))).toBe('MainProcess');
    expect(node(forkTree, 'Process-1').textContent).toContain('Z');
    expect(
      within(fsTree)
        .getAllByTestId('compare-node')
        .map((n) => n.dataset.role),
    ).toContain('forkserver');
    expect(parentName(node(fsTree, 'Process-1'))).toBe('forkserver');
    expect(parentName(node(fsTree, 'forkserver'))).toBe('MainProcess');
    expect(node(fsTree, 'Process-1').querySelector('.cmp-z')).toBeNull();
    expect(node(fsTree, 'Process-1').textContent).toContain('reaped by forkserver');

    // "main" was wrong under forkserver: the OS's answer, and the node that shows it.
    const parentAnswer = within(parentQ).getByTestId('predict-answer');
    expect(parentAnswer.dataset.verdict).toBe('wrong');
    expect(within(parentAnswer).getByTestId('predict-os')).toHaveTextContent('the forkserver process');
    const serverPid = REPORTS.forkserver!.processes.find((p) => p.role === 'forkserver')!.pid;
    expect(parentAnswer).toHaveTextContent(`The OS showed the child under forkserver (pid ${serverPid}).`);
    await fireEvent.click(within(parentAnswer).getByTestId('show-answer'));
    const server = node(fsTree, 'forkserver');
    expect(server.classList.contains(HIGHLIGHT)).toBe(true);
    expect(document.activeElement).toBe(server);
    // "no zombie" was right under forkserver.
    expect(within(zombieQ).getByTestId('predict-answer').dataset.verdict).toBe('right');
  });

  it('asked about fork, the answers are fork’s: the script is the parent, and a zombie appears', async () => {
    setLanguage('zh');
    const { api } = recordedEngine();
    const lab = new LabState(api, { hz: 20, timeScale: 0.25, keepExitedSec: 5 });
    await lab.start();
    render(StartMethodCompare, { lab, experiment: zombie, platform: 'linux' });
    await fireEvent.change(screen.getByTestId('ask-about'), { target: { value: 'fork' } });
    const zombieQ = screen.getByTestId('compare-predict-zombie');
    await fireEvent.click(within(zombieQ).getByTestId('guess-no'));
    await fireEvent.click(screen.getByTestId('compare-run'));
    await waitFor(() => expect(screen.getByTestId('compare-trees').dataset.state).toBe('ended'));
    const answer = within(zombieQ).getByTestId('predict-answer');
    expect(answer.dataset.verdict).toBe('wrong');
    expect(within(answer).getByTestId('predict-os')).toHaveTextContent('会：脚本下有结束了的子进程处于 Z 状态');
    expect(within(screen.getByTestId('compare-predict-parent')).getByTestId('predict-os')).toHaveTextContent(
      'main：调用 start() 的脚本',
    );
    // The wrong guess points at the zombie itself, in fork's tree.
    await fireEvent.click(within(answer).getByTestId('show-answer'));
    const forkTree = screen.getAllByTestId('compare-tree')[0]!;
    const z = within(forkTree)
      .getAllByTestId('compare-node')
      .find((n) => n.classList.contains(HIGHLIGHT));
    expect(z?.querySelector('strong')?.textContent).toBe('Process-1');
    setLanguage('en');
  });

  it("a single run of the lecture's Python asks for the method chosen, or none (the platform's default)", async () => {
    const { api, asked } = recordedEngine();
    const lab = new LabState(api, { hz: 20, timeScale: 0.25, keepExitedSec: 5 });
    await lab.start();
    lab.runAs.zombie = 'lecture';
    render(StartMethodCompare, { lab, experiment: zombie, platform: 'linux' });
    const select = screen.getByTestId('start-method');
    expect(select).toHaveValue('');
    await lab.run();
    await fireEvent.change(select, { target: { value: 'spawn' } });
    await lab.run();
    expect(asked.map((o) => o.startMethod ?? null)).toEqual([null, 'spawn']);
    // Windows has spawn only.
    render(StartMethodCompare, { lab, experiment: zombie, platform: 'win32' });
    const options = screen.getAllByTestId('start-method')[1]!.querySelectorAll('option');
    expect([...options].map((o) => o.value)).toEqual(['', 'spawn']);
  });
});
