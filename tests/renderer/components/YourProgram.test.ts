/**
 * "Your program" in the view: what it sends (an id and a start method, or "open the dialog" —
 * never a path), what it offers where Windows has spawn only, and how it says that no Python
 * interpreter was found, in both languages. The door's side runs real Python in
 * tests/main/lab/host/python/programs.test.ts and the e2e file tests/e2e/python.e2e.ts.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabApi, LabResult, ProgramChoice, RunStarted } from '../../../contract/ipc';
import YourProgram from '../../../renderer/src/components/YourProgram.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { LabState } from '../../../renderer/src/lib/lab-state.svelte';
import { ProgramRunner } from '../../../renderer/src/lib/your-program.svelte';

afterEach(() => setLanguage('zh'));

const STARTED: RunStarted = {
  runId: 'r1',
  experiment: 'observe',
  mainPid: 4242,
  startedAt: new Date().toISOString(),
  options: {},
  expectedMs: 0,
};

function bench(choice: ProgramChoice, answer: LabResult<RunStarted | null> = { ok: true, value: STARTED }) {
  const calls: Array<[string, unknown[]]> = [];
  const api = {
    listPrograms: () => Promise.resolve({ ok: true, value: choice }),
    runProgram: (...args: unknown[]) => (calls.push(['runProgram', args]), Promise.resolve(answer)),
    chooseProgram: (...args: unknown[]) => (calls.push(['chooseProgram', args]), Promise.resolve(answer)),
  } as unknown as LabApi;
  const lab = new LabState(api, { hz: 0, timeScale: 1, keepExitedSec: 10 });
  lab.status = 'connected';
  const programs = new ProgramRunner(api, lab);
  render(YourProgram, { lab, programs });
  return { calls, lab, programs };
}

const ALL: ProgramChoice['startMethods'] = ['fork', 'spawn', 'forkserver'];
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
};

describe('YourProgram', () => {
  it('a browser: picks from the folder list, sends its id and the start method only, shows the run', async () => {
    setLanguage('en');
    const { calls, lab } = bench({
      picker: 'folder',
      folder: true,
      programs: [
        { id: 'a.py', name: 'a.py' },
        { id: 'b.py', name: 'b.py' },
      ],
      startMethods: ALL,
    });
    await settle();
    const select = screen.getByTestId<HTMLSelectElement>('program-select');
    expect([...select.options].map((o) => o.value)).toEqual(['a.py', 'b.py']);
    await fireEvent.change(select, { target: { value: 'b.py' } });
    const method = screen.getByTestId<HTMLSelectElement>('program-method');
    expect([...method.options].map((o) => o.value)).toEqual(['default', 'fork', 'spawn', 'forkserver']);
    await fireEvent.change(method, { target: { value: 'forkserver' } });
    await fireEvent.click(screen.getByTestId('program-run'));
    await settle();
    expect(calls).toEqual([['runProgram', ['b.py', { startMethod: 'forkserver' }]]]);
    expect(lab.shownRunId).toBe('r1');
    expect(screen.getByTestId('program-panel').dataset.runId).toBe('r1');
  });

  it('Windows: spawn only, and it says there is no fork, no forkserver and no zombies', async () => {
    setLanguage('en');
    bench({ picker: 'folder', folder: true, programs: [{ id: 'a.py', name: 'a.py' }], startMethods: ['spawn'] });
    await settle();
    const method = screen.getByTestId<HTMLSelectElement>('program-method');
    expect([...method.options].map((o) => o.value)).toEqual(['default', 'spawn']);
    const note = screen.getByTestId('program-windows-note');
    expect(note).toHaveTextContent('Windows has spawn only: no fork, no forkserver.');
    expect(note).toHaveTextContent('Windows has no zombies');
  });

  it('no interpreter: one sentence naming the settings and --python, in both languages', async () => {
    setLanguage('en');
    bench(
      { picker: 'folder', folder: true, programs: [{ id: 'a.py', name: 'a.py' }], startMethods: ALL },
      { ok: false, error: { code: 'no-python', message: 'No usable Python interpreter (python3: not found).' } },
    );
    await settle();
    await fireEvent.click(screen.getByTestId('program-run'));
    await settle();
    const banner = screen.getByTestId('program-error');
    expect(banner.dataset.code).toBe('no-python');
    expect(banner).toHaveTextContent(
      'No Python interpreter: set one in Settings → Python interpreter, or start the lab with --python PATH',
    );
    setLanguage('zh');
    flushSync();
    expect(banner).toHaveTextContent(
      '没有 Python 解释器：请在“设置 → Python 解释器”中指定，或用 --python PATH 启动实验室',
    );
  });

  it('the app: one button opens the native dialog (no path from the page); a cancel runs nothing', async () => {
    setLanguage('en');
    const { calls, lab } = bench(
      { picker: 'dialog', folder: false, programs: [], startMethods: ALL },
      {
        ok: true,
        value: null,
      },
    );
    await settle();
    expect(screen.queryByTestId('program-select')).toBeNull();
    expect(screen.queryByTestId('program-no-folder')).toBeNull();
    await fireEvent.click(screen.getByTestId('program-choose'));
    await settle();
    expect(calls).toEqual([['chooseProgram', [{}]]]);
    expect(lab.runs).toEqual([]);
  });

  it('a browser without --programs: how to start the server with a folder, nothing to run', async () => {
    setLanguage('zh');
    bench({ picker: 'folder', folder: false, programs: [], startMethods: ALL });
    await settle();
    expect(screen.getByTestId('program-no-folder')).toHaveTextContent('npm run serve -- --programs DIR');
    expect(screen.queryByTestId('program-run')).toBeNull();
  });
});
