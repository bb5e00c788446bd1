import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ProcessTree from '../../../renderer/src/components/ProcessTree.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { electronRecord, fixture, replay, replayUntil } from '../fixtures';

afterEach(() => setLanguage('zh'));

const items = (): HTMLElement[] => screen.queryAllByRole('treeitem');
const item = (pid: number): HTMLElement => {
  const el = items().find((e) => e.dataset.pid === String(pid));
  if (!el) throw new Error(`no tree node for pid ${pid}`);
  return el;
};
const allZ = (n: number) => (m: { all: readonly { state: string; role: string | null }[] }) =>
  m.all.filter((p) => p.role !== 'main' && p.state === 'Z').length === n;

describe('ProcessTree, replaying real runs', () => {
  it('zombie: the children show a Z badge, in both languages, under their parent', () => {
    const model = replayUntil('zombie', allZ(3));
    setLanguage('zh');
    render(ProcessTree, { model });
    const main = model.all.find((p) => p.role === 'main')!;
    const kids = items().filter((e) => e.dataset.state === 'Z');
    expect(kids).toHaveLength(3);
    for (const k of kids) {
      expect(k).toHaveAttribute('aria-level', '2');
      expect(k.dataset.ppid).toBe(String(main.pid));
      expect(within(k).getByText('Z 僵尸')).toBeInTheDocument();
    }
    expect(screen.getByTestId('tree-counts')).toHaveTextContent('3 个僵尸进程');
    setLanguage('en');
    flushSync();
    expect(within(kids[0]!).getByText('Z zombie')).toBeInTheDocument();
    expect(screen.getByTestId('tree-counts')).toHaveTextContent('3 zombies');
  });

  it('lifecycle: the terminated child stays, greyed, with exitcode -15', () => {
    const model = replay('lifecycle');
    setLanguage('en');
    render(ProcessTree, { model });
    const p1 = model.all.find((p) => p.name === 'Process-1')!;
    const node = item(p1.pid);
    expect(node).toHaveClass('exited');
    expect(within(node).getByText('exited -15')).toBeInTheDocument();
    expect(within(item(model.all.find((p) => p.name === 'rocky')!.pid)).getByText('exited -9')).toBeInTheDocument();
  });

  it('orphan: the orphan sits under its adopter, with its old parent as a trace', () => {
    const model = replay('orphan');
    const { orphanPid, originalPpid, adoptedByPid, adoptedByName } = fixture('orphan').report.facts;
    setLanguage('en');
    render(ProcessTree, { model });
    const orphan = item(orphanPid as number);
    expect(orphan.dataset.ppid).toBe(String(adoptedByPid));
    expect(within(orphan).getByTestId('ppid')).toHaveTextContent(String(adoptedByPid));
    expect(within(orphan).getByText(`was ${originalPpid}`)).toBeInTheDocument();
    expect(orphan).toHaveAttribute('aria-level', '2');
    const adopter = item(adoptedByPid as number);
    expect(adopter).toHaveAttribute('aria-level', '1');
    expect(within(adopter).getByText(String(adoptedByName))).toBeInTheDocument();
    expect(within(adopter).getByText('adopter')).toBeInTheDocument();
    // The old parent (main, exited) is still drawn, so the dashed trace joins them.
    expect(item(originalPpid as number)).toHaveClass('exited');
    expect(screen.getByTestId('orphan-trace')).toBeInTheDocument();
  });

  it('zombie pile-up: 320 zombies fold into one group node that opens with Enter', async () => {
    const model = replayUntil('zombie-pile-up', allZ(320));
    setLanguage('en');
    render(ProcessTree, { model });
    expect(items().length).toBeLessThan(5);
    const group = items().find((e) => e.dataset.id?.endsWith('/gZ'))!;
    expect(group).toHaveAttribute('aria-expanded', 'false');
    expect(group).toHaveTextContent('320 processes');
    expect(within(group).getByText('Z zombie')).toBeInTheDocument();
    expect(screen.getByTestId('tree-counts')).toHaveTextContent('320 zombies');
    await fireEvent.keyDown(group, { key: 'Enter' });
    expect(items().length).toBe(322);
    expect(items().find((e) => e.dataset.id?.endsWith('/gZ'))).toHaveAttribute('aria-expanded', 'true');
    await fireEvent.keyDown(
      items().find((e) => e.dataset.id?.endsWith('/gZ'))!,
      { key: 'ArrowLeft' },
    );
    expect(items().length).toBe(2);
  });

  it('shows the zombies against the pid limit once the report is in', () => {
    const f = fixture('zombie-pile-up');
    const model = replayUntil('zombie-pile-up', allZ(320));
    model.experiment = f.report.experiment;
    model.facts = f.report.facts;
    setLanguage('en');
    render(ProcessTree, { model });
    expect(screen.getByTestId('tree-counts')).toHaveTextContent(`holding 320 of ${String(f.report.facts.pidMax)} pids`);
  });
});

describe('ProcessTree, keyboard and filter', () => {
  it('roving tabindex: arrows move focus, Enter selects', async () => {
    const model = replay('join');
    const onselect = vi.fn();
    render(ProcessTree, { model, onselect });
    const nodes = items();
    expect(nodes.filter((n) => n.tabIndex === 0)).toHaveLength(1);
    nodes[0]!.focus();
    await fireEvent.keyDown(nodes[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items()[1]);
    expect(items()[1]!.tabIndex).toBe(0);
    expect(items()[0]!.tabIndex).toBe(-1);
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(items().at(-1));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(items()[0]); // the parent: main
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(items()[1]); // its first child
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith(Number(items()[1]!.dataset.pid));
    expect(items()[1]).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await fireEvent.keyDown(document.activeElement!, { key: ' ' });
    expect(onselect).toHaveBeenLastCalledWith(model.all.find((p) => p.role === 'main')!.pid);
  });

  it('clicking a node selects it', async () => {
    const model = replay('daemon');
    const onselect = vi.fn();
    render(ProcessTree, { model, onselect });
    const daemon = model.all.find((p) => p.role === 'daemon')!;
    await fireEvent.click(item(daemon.pid));
    expect(onselect).toHaveBeenCalledWith(daemon.pid);
    expect(document.activeElement).toBe(item(daemon.pid));
  });

  it('filters by name, pid and state (letter or word), keeping ancestors as context', async () => {
    const model = replayUntil('zombie', allZ(3));
    setLanguage('en');
    render(ProcessTree, { model });
    const filter = screen.getByTestId('tree-filter');
    const kid = model.all.find((p) => p.name === 'Process-2')!;
    await fireEvent.input(filter, { target: { value: 'Process-2' } });
    expect(items().map((e) => e.dataset.pid)).toEqual([
      String(model.all.find((p) => p.role === 'main')!.pid),
      String(kid.pid),
    ]);
    expect(items()[0]).toHaveClass('context');
    await fireEvent.input(filter, { target: { value: String(kid.pid) } });
    expect(items().map((e) => e.dataset.pid)).toContain(String(kid.pid));
    await fireEvent.input(filter, { target: { value: 'zombie' } });
    expect(items().filter((e) => e.dataset.state === 'Z')).toHaveLength(3);
    await fireEvent.input(filter, { target: { value: 'no-such-process' } });
    expect(items()).toHaveLength(0);
    expect(screen.getByText('No process matches the filter.')).toBeInTheDocument();
    setLanguage('zh');
    await fireEvent.input(filter, { target: { value: '僵尸' } });
    expect(items().filter((e) => e.dataset.state === 'Z')).toHaveLength(3);
  });

  it('new processes glow; the glow is tied to when the view saw them', () => {
    let now = 0;
    const f = fixture('zombie');
    const model = new ProcessModel({ now: () => now, keepExitedMs: 60_000 });
    model.apply(f.batches[0]!);
    render(ProcessTree, { model });
    expect(items()[0]).toHaveClass('fresh');
    now = 5000;
    // The next batch that changes a process (a tick of usage alone leaves the tree as it is).
    model.apply(f.batches.slice(1).find((b) => b.some((e) => e.type !== 'usage'))!);
    flushSync();
    expect(items()[0]).not.toHaveClass('fresh');
  });
});

describe('ProcessTree, platform and the app itself', () => {
  it('says on Windows that there are no zombies and no adoption', () => {
    const model = replay('daemon');
    setLanguage('en');
    render(ProcessTree, { model, platform: 'win32' });
    expect(screen.getByTestId('tree-windows-note')).toHaveTextContent('Windows has no zombies');
  });

  it("shows the app's own Electron processes as their own section", async () => {
    const model = replay('daemon');
    const rec = (pid: number, ppid: number, name: string) => electronRecord(pid, ppid, name, { cpu: 1, rss: 80e6 });
    model.setElectronProcesses([rec(900, 1, 'Browser'), rec(901, 900, 'GPU'), rec(902, 900, 'Renderer')]);
    setLanguage('en');
    render(ProcessTree, { model });
    const section = items().find((e) => e.dataset.id === 'electron')!;
    expect(section).toHaveTextContent('Electron (this app)');
    expect(section).toHaveAttribute('aria-level', '1');
    expect(item(900)).toHaveAttribute('aria-level', '2');
    expect(item(901)).toHaveAttribute('aria-level', '3');
    await fireEvent.keyDown(section, { key: 'ArrowLeft' });
    expect(items().some((e) => e.dataset.pid === '900')).toBe(false);
  });
});
