/**
 * Replay of recorded real runs: the playhead folds the report's events up to an instant, and the
 * tree drawn from that model shows the processes as they were then (the zombie run: three
 * children alive, then three in Z, then all reaped), whichever way the playhead moved. Opening
 * a saved report as text: a good one becomes a run of its own, marked with where it was
 * recorded; a bad one gets one reason and changes nothing.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../contract/events';
import type { LabApi } from '../../../contract/ipc';
import ProcessTree from '../../../renderer/src/components/ProcessTree.svelte';
import TreePane from '../../../renderer/src/components/TreePane.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { LabState } from '../../../renderer/src/lib/lab-state.svelte';
import { Replay } from '../../../renderer/src/lib/replay.svelte';
import { fixture } from '../fixtures';

afterEach(() => setLanguage('zh'));

const report = fixture('zombie').report;
const kids = report.processes.filter((p) => p.role === 'child').map((p) => p.pid);
/** When the event of `type` for `pid` happened in the recorded run. */
const when = (type: LabEvent['type'], pid: number, to?: string): number =>
  report.events.find((e) => e.type === type && e.pid === pid && (to === undefined || ('to' in e && e.to === to)))!.t;
const lastSpawn = Math.max(...kids.map((k) => when('spawned', k)));
const allZ = Math.max(...kids.map((k) => when('state-changed', k, 'Z')));
const firstReap = Math.min(...kids.map((k) => when('reaped', k)));
/** Three instants: the children alive, all three zombies, the run's end. */
const instants = { alive: (lastSpawn + allZ) / 2, zombies: (allZ + firstReap) / 2, end: report.wallMs };
const statesOf = (r: Replay): string[] => kids.map((k) => r.model.get(k)?.state ?? 'absent');

describe('Replay of the recorded zombie run', () => {
  it('folds the events up to the playhead: alive, then Z, then reaped, and back again', () => {
    expect(lastSpawn).toBeLessThan(allZ);
    const r = new Replay(report, 0);
    expect(statesOf(r)).toEqual(['absent', 'absent', 'absent']);
    r.seek(instants.alive);
    for (const s of statesOf(r)) expect(['R', 'S']).toContain(s);
    r.seek(instants.zombies);
    expect(statesOf(r)).toEqual(['Z', 'Z', 'Z']);
    r.seek(instants.end);
    expect(statesOf(r)).toEqual(['exited', 'exited', 'exited']);
    expect(r.model.get(kids[0]!)?.reapedBy?.pid).toBe(report.processes[0]!.pid);
    // Backwards: the same instants give the same tree.
    r.seek(instants.zombies);
    expect(statesOf(r)).toEqual(['Z', 'Z', 'Z']);
    r.seek(instants.alive);
    for (const s of statesOf(r)) expect(['R', 'S']).toContain(s);
    r.dispose();
  });

  it('steps event by event, to the start and the end', () => {
    const r = new Replay(report, 0);
    const times = [...new Set(report.events.map((e) => e.t))].sort((a, b) => a - b);
    r.stepForward();
    expect(r.t).toBe(times.find((t) => t > 0));
    r.stepForward();
    r.stepBack();
    expect(r.t).toBe(times.find((t) => t > 0));
    r.end();
    expect(r.t).toBe(report.wallMs);
    expect(r.position).toBe(report.events.length);
    r.stepForward();
    expect(r.t).toBe(report.wallMs);
    r.home();
    expect(r.t).toBe(0);
    r.dispose();
  });

  it('plays forward by itself, at the chosen speed', async () => {
    const r = new Replay(report, instants.zombies);
    r.speed = 2;
    r.play();
    expect(r.playing).toBe(true);
    await expect.poll(() => r.playing, { timeout: 5000 }).toBe(false);
    expect(r.t).toBe(report.wallMs);
    expect(statesOf(r)).toEqual(['exited', 'exited', 'exited']);
    r.dispose();
  });

  it('the tree drawn from the replay’s model shows the Z count of each instant', () => {
    setLanguage('en');
    const r = new Replay(report, instants.alive);
    const count = (): number =>
      screen.getAllByRole('treeitem').filter((n) => n.dataset.state === 'Z' && kids.includes(Number(n.dataset.pid)))
        .length;
    const { unmount } = render(ProcessTree, { model: r.model });
    expect(count()).toBe(0);
    unmount();
    r.seek(instants.zombies);
    const second = render(ProcessTree, { model: r.model });
    expect(count()).toBe(3);
    second.unmount();
    r.seek(instants.end);
    render(ProcessTree, { model: r.model });
    expect(count()).toBe(0);
    r.dispose();
  });
});

describe('Opening a saved run', () => {
  const api = {} as LabApi;

  it('a report becomes a run of its own, shown at its start, marked where it was recorded', () => {
    setLanguage('en');
    const lab = new LabState(api, { hz: 2, timeScale: 1, keepExitedSec: 10 });
    expect(lab.openReport(JSON.stringify(report))).toBe(true);
    const run = lab.shownRun!;
    expect(run.fromFile).toBe(true);
    expect(run.replay?.t).toBe(0);
    expect(run.shownModel).toBe(run.replay?.model);
    render(TreePane, { run, platform: 'win32', selected: null, onselect: () => {} });
    expect(screen.getByTestId('recorded-on')).toHaveTextContent(
      `recorded on linux, x64 · 2 cores · ${report.platform.release}`,
    );
    lab.dispose();
  });

  it.each([
    ['corrupt', '{"experiment": "zombie", "events": [', 'not-json'],
    ['not a report', '{"hello": 1}', 'not-report'],
    ['newer', JSON.stringify({ ...report, format: 2 }), 'newer'],
    ['older', JSON.stringify({ ...report, format: 0 }), 'older'],
    ['damaged', JSON.stringify({ ...report, events: [{ type: 'spawned', t: 'soon' }] }), 'invalid'],
  ])('a %s file gets one reason and changes nothing', (_what, text, code) => {
    const lab = new LabState(api, { hz: 2, timeScale: 1, keepExitedSec: 10 });
    expect(lab.openReport(JSON.stringify(fixture('orphan').report))).toBe(true);
    const before = { runs: lab.runs, shown: lab.shownRunId };
    expect(lab.openReport(text)).toBe(false);
    expect(lab.openProblem?.code).toBe(code);
    expect(lab.runs).toBe(before.runs);
    expect(lab.shownRunId).toBe(before.shown);
    lab.dispose();
  });
});
