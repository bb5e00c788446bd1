/**
 * The calls lane, from a recorded traced run (the lecture's lifecycle program under fork): on
 * main's lane, start() ×2, is_alive(), terminate(), kill() as markers and join() as spans, each
 * titled with its target's Python name and its result; multiprocessing's own waitpid and fork
 * are left inside the spans they belong to; a process that made no call has no calls lane.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Timeline from '../../../renderer/src/components/Timeline.svelte';
import { fixture, replay } from '../fixtures';

describe('CallsLane in the timeline, replaying a traced run', () => {
  it("marks main's calls on its lane, with targets by Python name and results", () => {
    const model = replay('traced-lifecycle');
    const [main, p1, rocky] = fixture('traced-lifecycle').report.processes;
    render(Timeline, { model });
    const lanes = screen.getAllByTestId('calls-lane');
    // Only main made calls the program asked for (the children's forks are multiprocessing's).
    expect(lanes).toHaveLength(1);
    const marks = screen.getAllByTestId('call-mark').map((m) => m.dataset.api);
    expect(marks).toEqual([
      'Process.start',
      'Process.start',
      'Process.is_alive',
      'Process.terminate',
      'Process.is_alive',
      'Process.is_alive',
      'Process.exitcode',
      'Process.kill',
      'Process.exitcode',
    ]);
    const spans = screen.getAllByTestId('call-span');
    expect(spans.map((s) => s.dataset.api)).toEqual(['Process.join', 'Process.join']);
    expect(spans.map((s) => s.querySelector('title')?.textContent)).toEqual([
      'join(Process-1) → -15',
      'join(rocky) → -9',
    ]);
    const titles = screen.getAllByTestId('call-mark').map((m) => m.querySelector('title')?.textContent);
    expect(titles.slice(2, 5)).toEqual([
      'is_alive(Process-1) → True',
      'terminate(Process-1)',
      'is_alive(Process-1) → True',
    ]);
    expect(model.get(main!.pid)?.calls.length).toBeGreaterThan(marks.length + spans.length - 1);
    expect(model.get(p1!.pid)?.name).toBe('Process-1');
    expect(model.get(rocky!.pid)?.lines.map((l) => l.line)).toEqual(['进程 start', 'rocky']);
  });
});
