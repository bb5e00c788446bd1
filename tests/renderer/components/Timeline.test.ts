import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Timeline from '../../../renderer/src/components/Timeline.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { fixture, replay } from '../fixtures';

afterEach(() => setLanguage('zh'));

const lane = (pid: number): HTMLElement => {
  const el = screen.getAllByTestId('lane').find((l) => l.dataset.pid === String(pid));
  if (!el) throw new Error(`no lane for ${pid}`);
  return el;
};

describe('Timeline, replaying real runs', () => {
  it('join: one lane per process, the three totals and each child’s start overhead written on it', () => {
    const model = replay('join');
    const facts = fixture('join').report.facts;
    setLanguage('en');
    render(Timeline, { model });
    expect(screen.getAllByTestId('lane')).toHaveLength(7);
    const s = (ms: unknown): string => `${((ms as number) / 1000).toFixed(2)} s`;
    expect(screen.getByTestId('join-serial')).toHaveTextContent(`serial calls in main: ${s(facts.serialInProcessMs)}`);
    expect(screen.getByTestId('join-startAllJoinAll')).toHaveTextContent(
      `start all, then join all: ${s(facts.startAllJoinAllMs)}`,
    );
    expect(screen.getByTestId('join-startJoinEach')).toHaveTextContent(
      `start + join one by one: ${s(facts.startJoinEachMs)}`,
    );
    const children = facts.children as Array<{ pid: number; startOverheadMs: number }>;
    for (const c of children) {
      const l = lane(c.pid);
      expect(within(l).getByTestId('overhead')).toBeInTheDocument();
      expect(l.querySelector('[data-testid="overhead"] title')).toHaveTextContent(`${c.startOverheadMs} ms`);
    }
    expect(screen.getAllByTestId('overhead-label').map((e) => e.textContent)).toContain(
      `+${children[0]!.startOverheadMs} ms`,
    );
    setLanguage('zh');
    flushSync();
    expect(screen.getByTestId('join-serial')).toHaveTextContent('主进程中串行调用');
  });

  it('lifecycle: signal asked, delivered, exit and reap markers on the terminated child’s lane', () => {
    const model = replay('lifecycle');
    render(Timeline, { model });
    const p1 = model.all.find((p) => p.name === 'Process-1')!;
    const l = lane(p1.pid);
    for (const m of ['start', 'signal', 'signal-received', 'exit', 'reap'])
      expect(l.querySelector(`[data-marker="${m}"]`), m).not.toBeNull();
    expect(l.querySelector('[data-state="Z"]')).not.toBeNull();
    expect(l).toHaveTextContent('SIGTERM');
    expect(l.querySelector('[data-marker="exit"] title')).toHaveTextContent('-15');
  });

  it('zombie: the children’s lanes turn Z, and the run’s marks are drawn, translated', () => {
    const model = replay('zombie');
    setLanguage('zh');
    render(Timeline, { model });
    const kids = model.all.filter((p) => p.role === 'child');
    for (const k of kids) expect(lane(k.pid).querySelector('rect[data-state="Z"]')).not.toBeNull();
    const marks = screen.getAllByTestId('mark');
    expect(marks.map((m) => m.dataset.label)).toContain('parent-stops-waiting');
    expect(marks.find((m) => m.dataset.label === 'parent-stops-waiting')).toHaveTextContent('父进程不再 wait');
  });

  it('orphan: the moment of adoption is marked on the orphan’s lane', () => {
    const model = replay('orphan');
    const { orphanPid, originalPpid, adoptedByPid } = fixture('orphan').report.facts;
    setLanguage('en');
    render(Timeline, { model });
    const l = lane(orphanPid as number);
    expect(l.querySelector('[data-marker="reparent"]')).not.toBeNull();
    expect(l).toHaveTextContent(`ppid ${String(originalPpid)} → ${String(adoptedByPid)}`);
    expect(screen.getAllByTestId('lane-label').map((e) => e.textContent)).toEqual([
      `MainProcess · ${String(originalPpid)}`,
      `orphan · ${String(orphanPid)}`,
    ]);
    // The adopter is not one of the run's processes: it gets no lane.
    expect(screen.getAllByTestId('lane')).toHaveLength(2);
  });

  it('zombie pile-up: the 320 children in one lane, as in the tree (issue 13: it drew 321 lanes)', () => {
    const { report } = fixture('zombie-pile-up');
    setLanguage('en');
    render(Timeline, { model: replay('zombie-pile-up') });
    // main keeps its own lane; its children share one, counting them alive and in Z over time.
    expect(screen.getAllByTestId('lane')).toHaveLength(1);
    const group = screen.getByTestId('lane-group');
    const kids = report.processes.filter((p) => p.role !== 'main').length;
    expect(kids).toBeGreaterThan(300);
    expect(group.dataset.count).toBe(String(kids));
    // The most in Z at once, from the members' own spans: what the engine counted too.
    expect(Number(group.dataset.maxZ)).toBe(report.facts.maxZombiesAtOnce);
    expect(group.querySelector('[data-series="z"]')?.getAttribute('d')).toMatch(/^M[\d.]+,/);
    expect(screen.getAllByTestId('lane-label').map((l) => l.textContent)).toContain(
      `${kids} siblingsalive (grey), in Z (red)`,
    );
  });

  it('zooms and pans with the keyboard, and resets', async () => {
    const model = replay('join');
    setLanguage('en');
    render(Timeline, { model });
    const region = screen.getByRole('application');
    const zoom = screen.getByTestId('timeline-zoom');
    expect(zoom).toHaveTextContent('×1.0');
    const firstTick = (): string | null =>
      screen.getByTestId('timeline-svg').querySelector('text')?.textContent ?? null;
    const before = firstTick();
    await fireEvent.keyDown(region, { key: '+' });
    await fireEvent.keyDown(region, { key: '+' });
    expect(zoom).toHaveTextContent('×2.3');
    await fireEvent.keyDown(region, { key: 'ArrowRight' });
    expect(firstTick()).not.toBe(before);
    await fireEvent.keyDown(region, { key: '-' });
    expect(zoom).toHaveTextContent('×1.5');
    await fireEvent.click(screen.getByTestId('timeline-reset'));
    expect(zoom).toHaveTextContent('×1.0');
    expect(firstTick()).toBe(before);
    // Never out past the whole run.
    await fireEvent.keyDown(region, { key: '-' });
    expect(zoom).toHaveTextContent('×1.0');
    await fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(zoom).toHaveTextContent('×1.5');
  });

  it('exports a standalone SVG, colours resolved', () => {
    const model = replay('lifecycle');
    const { component } = render(Timeline, { model });
    const svg = component.exportSvg();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).not.toContain('var(--');
    expect(svg).toContain('Process-1');
    expect(typeof component.exportPng).toBe('function');
  });

  it('says on Windows that lanes show lifetimes only', () => {
    setLanguage('en');
    render(Timeline, { model: replay('daemon'), platform: 'win32' });
    expect(screen.getByTestId('timeline-windows-note')).toHaveTextContent('Windows reports no process states');
  });
});

describe('Timeline labels (issue 13: they collided at the run’s end)', () => {
  it('zombie: the marks crowding the end go on rows of their own, each with its time on hover', () => {
    setLanguage('en');
    render(Timeline, { model: replay('zombie') });
    const marks = screen.getAllByTestId('mark');
    const end = marks.filter((m) => ['main-code-finished', 'main-exit', 'parent-waits'].includes(m.dataset.label!));
    expect(end).toHaveLength(3);
    expect(new Set(end.map((m) => m.dataset.row)).size).toBe(3);
    for (const m of marks) expect(m.querySelector('title')?.textContent).toMatch(/ · \d/);
    expect(marks[0]!.querySelector('text')).toHaveStyle({ fontSize: '11px' });
    expect(screen.getAllByTestId('lane-label')[0]).toHaveStyle({ fontSize: '13px' });
  });

  it('join: every bracket is named, the narrow middle one too', () => {
    setLanguage('en');
    render(Timeline, { model: replay('join') });
    for (const id of ['serial', 'startAllJoinAll', 'startJoinEach'])
      expect(screen.getByTestId(`join-${id}`).querySelector('text')?.textContent).toMatch(/^[a-z][a-z +,]+: \d/);
  });

  it('the legend names every colour, the start-up hatching, the grey line and every marker, in both languages', () => {
    setLanguage('en');
    render(Timeline, { model: replay('lifecycle') });
    const legend = screen.getByTestId('timeline-legend');
    for (const words of [
      'Z zombie',
      'hatched: start-up cost',
      'grey line',
      'signal sent',
      'signal delivered',
      'reaped',
      'adopted',
    ])
      expect(legend).toHaveTextContent(words);
    setLanguage('zh');
    flushSync();
    expect(legend).toHaveTextContent('斜纹：启动开销');
  });
});

describe('Timeline export with its caption', () => {
  it('says what it is: title, options, machine above; the legend below; the drawing moved down', () => {
    setLanguage('en');
    const { component } = render(Timeline, { model: replay('zombie') });
    const svg = component.exportSvg({
      title: 'Process Lab · Zombie processes',
      lines: ['options: children 3', 'recorded on linux x64, 2 cores'],
      legend: [{ icon: '<rect width="20" height="10" style="fill: var(--state-z)"/>', label: 'Z zombie' }],
      defs: '',
    });
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    expect(root.querySelector('parsererror')).toBeNull();
    const caption = root.querySelector('[data-part="caption"]')!;
    expect(caption.textContent).toContain('Process Lab · Zombie processes');
    expect(caption.textContent).toContain('recorded on linux x64, 2 cores');
    expect(root.querySelector('[data-part="legend"]')?.textContent).toContain('Z zombie');
    const plain = new DOMParser().parseFromString(component.exportSvg(), 'image/svg+xml').documentElement;
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(Number(plain.getAttribute('height')));
    expect(root.querySelectorAll('[data-testid="lane"]')).toHaveLength(
      plain.querySelectorAll('[data-testid="lane"]').length,
    );
  });
});
