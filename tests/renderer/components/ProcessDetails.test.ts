import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ProcessDetails from '../../../renderer/src/components/ProcessDetails.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import type { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { fixture, replay, replayUntil } from '../fixtures';

afterEach(() => setLanguage('zh'));

const pidOf = (m: ProcessModel, name: string): number => m.all.find((p) => p.name === name)!.pid;
const childrenRunning = (m: ProcessModel): boolean =>
  m.all.filter((p) => p.role === 'child' && p.state === 'S' && p.readyMs !== null).length >= 2;

describe('ProcessDetails, replaying real runs', () => {
  it('lifecycle: terminate() ended with exitcode -15, via Z, requested then delivered', () => {
    const model = replay('lifecycle');
    setLanguage('en');
    render(ProcessDetails, { model, pid: pidOf(model, 'Process-1') });
    expect(screen.getByTestId('details-exitcode')).toHaveTextContent('-15');
    expect(screen.getByText('ended by signal 15 (SIGTERM)')).toBeInTheDocument();
    const states = screen.getByTestId('details-states');
    expect(states.querySelector('[data-state="Z"]')).not.toBeNull();
    expect(states.querySelector('[data-state="exited"]')).toHaveTextContent('exited -15');
    expect(screen.getByText('SIGTERM asked by main (e.g. p.terminate())')).toBeInTheDocument();
    expect(screen.getByText('SIGTERM delivered to the process')).toBeInTheDocument();
    expect(screen.getByTestId('details-lines')).toHaveTextContent('进程Process-1 start');
    // It has ended: nothing to send it.
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('It has ended.')).toBeInTheDocument();
  });

  it('orphan: the ppid history shows the old parent, then the adopter', () => {
    const model = replay('orphan');
    const { orphanPid, originalPpid, adoptedByPid, adoptedByName } = fixture('orphan').report.facts;
    setLanguage('zh');
    render(ProcessDetails, { model, pid: orphanPid as number });
    expect(screen.getByTestId('details-ppids')).toHaveTextContent(
      new RegExp(`${originalPpid}\\s*→\\s*${adoptedByPid}`),
    );
    expect(screen.getByTestId('details-ppids')).toHaveTextContent(`被 ${adoptedByName}（${adoptedByPid}）收养`);
  });

  it('terminate says what it will do and sends nothing until confirmed', async () => {
    const model = replayUntil('join', childrenRunning);
    const pid = model.all.find((p) => p.role === 'child' && p.state === 'S')!.pid;
    const onsignal = vi.fn();
    setLanguage('en');
    render(ProcessDetails, { model, pid, onsignal });
    await fireEvent.click(screen.getByRole('button', { name: 'Terminate…' }));
    expect(onsignal).not.toHaveBeenCalled();
    expect(screen.getByTestId('confirm-text')).toHaveTextContent(`Send SIGTERM to`);
    expect(screen.getByTestId('confirm-text')).toHaveTextContent('exitcode -15');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('confirm-text')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Kill…' }));
    expect(screen.getByTestId('confirm-text')).toHaveTextContent('exitcode -9');
    await fireEvent.click(screen.getByRole('button', { name: 'Send SIGKILL' }));
    expect(onsignal).toHaveBeenCalledExactlyOnceWith(pid, 'SIGKILL');
  });

  it('Stop and Continue on POSIX only, each described', async () => {
    const model = replayUntil('join', childrenRunning);
    const pid = model.all.find((p) => p.role === 'child' && p.state === 'S')!.pid;
    const onsignal = vi.fn();
    setLanguage('en');
    const view = render(ProcessDetails, { model, pid, onsignal });
    expect(screen.getByText(/Stop sends SIGSTOP/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onsignal).toHaveBeenCalledWith(pid, 'SIGSTOP');
    await view.rerender({ platform: 'win32' });
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getByText('Stop/Continue: Windows has no SIGSTOP/SIGCONT.')).toBeInTheDocument();
  });

  it('a zombie cannot be signalled; Reap asks its parent, from the zombie or from the parent', async () => {
    const model = replayUntil('zombie', (m) => m.all.filter((p) => p.state === 'Z').length === 3);
    const zombie = model.all.find((p) => p.state === 'Z')!;
    const onreap = vi.fn();
    const onsignal = vi.fn();
    setLanguage('zh');
    const view = render(ProcessDetails, { model, pid: zombie.pid, onreap, onsignal });
    expect(screen.queryByRole('button', { name: '终止…' })).toBeNull();
    expect(screen.getByText(/僵尸进程已经结束/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: '回收' }));
    expect(onreap).toHaveBeenCalledWith(zombie.pid);
    const main = model.all.find((p) => p.role === 'main')!;
    await view.rerender({ pid: main.pid });
    await fireEvent.click(screen.getByRole('button', { name: '回收它的 3 个僵尸进程' }));
    expect(onreap).toHaveBeenLastCalledWith(zombie.pid);
    expect(onsignal).not.toHaveBeenCalled();
  });

  it('offers nothing on a process the lab did not start, and shows an error inline', () => {
    const model = replay('orphan');
    const { adoptedByPid } = fixture('orphan').report.facts;
    setLanguage('en');
    render(ProcessDetails, {
      model,
      pid: adoptedByPid as number,
      error: 'not-lab-process: pid 1 was not started by the lab',
    });
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('Not a lab process: no actions.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('not-lab-process');
  });

  it('shows CPU and RSS sparklines from the usage ticks', () => {
    const model = replay('join');
    setLanguage('en');
    render(ProcessDetails, { model, pid: model.all.find((p) => p.role === 'main')!.pid });
    const sparks = screen.getAllByRole('img');
    expect(sparks.map((s) => s.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^CPU: .* now, at most /),
      expect.stringMatching(/^RSS: .*MiB now, at most .*MiB$/),
    ]);
  });

  it('asks for a selection when there is none', () => {
    setLanguage('zh');
    render(ProcessDetails, { model: replay('daemon'), pid: null });
    expect(screen.getByText('在进程树中选择一个进程。')).toBeInTheDocument();
  });
});
