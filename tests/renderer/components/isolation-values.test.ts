/**
 * Isolation's claim in the picture, from a real saved run (`node out/main/cli.js run isolation
 * --hz 10 --json`): the child's `x` and main's, on their tree nodes and their lanes, as each
 * process printed it; and in a replay, the child's value as it was at that instant.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { IsolationFacts } from '../../../contract/experiments';
import { parseReport } from '../../../contract/report-schema';
import ProcessTree from '../../../renderer/src/components/ProcessTree.svelte';
import Timeline from '../../../renderer/src/components/Timeline.svelte';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { Replay } from '../../../renderer/src/lib/replay.svelte';
import isolationJson from '../fixtures/reports/isolation.json?raw';

const parsed = parseReport(isolationJson);
if (!parsed.ok) throw new Error('the isolation fixture does not open');
const report = parsed.report;
const f = report.facts as unknown as IsolationFacts;

/** The `x` written on the tree node of `pid`. */
function nodeX(pid: number): string | undefined {
  const node = screen.getAllByTestId('node-x').find((e) => e.closest(`[data-pid="${pid}"]`));
  return node?.textContent ?? undefined;
}

describe('isolation: each process’s own x on the tree and the lanes', () => {
  it('the child’s changed x beside main’s unchanged one (the run’s own facts agree)', () => {
    expect(f.childAfter).not.toBe(f.parentAfter);
    const model = new ProcessModel({ keepExitedMs: Infinity });
    model.loadReport(report);
    render(ProcessTree, { model });
    expect(nodeX(f.parentPid)).toBe(`x = ${String(f.parentAfter)}`);
    expect(nodeX(f.childPid!)).toBe(`x = ${String(f.childAfter)}`);
    render(Timeline, { model });
    const tags = (pid: number): Array<string | undefined> =>
      [...document.querySelectorAll(`[data-testid="lane"][data-pid="${pid}"] [data-testid="printed-x"]`)].map(
        (e) => (e as HTMLElement).dataset.value,
      );
    expect(tags(f.childPid!)).toEqual([String(f.childSaw), String(f.childAfter)]);
    expect(tags(f.parentPid)).toEqual([String(f.parentBefore), String(f.parentAfter)]);
  });

  it('in a replay the child’s node shows the x it had then', () => {
    const childLines = report.events.filter((e) => e.type === 'log' && e.pid === f.childPid);
    expect(childLines.length).toBeGreaterThanOrEqual(2);
    const replay = new Replay(report, (childLines[0]!.t + childLines[1]!.t) / 2);
    render(ProcessTree, { model: replay.model });
    expect(nodeX(f.childPid!)).toBe(`x = ${String(f.childSaw)}`);
    expect(nodeX(f.parentPid)).toBe(`x = ${String(f.parentBefore)}`);
    replay.dispose();
  });
});
