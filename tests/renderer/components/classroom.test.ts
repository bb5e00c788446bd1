/**
 * The classroom fixes, each on a recorded real run: an ended run's empty tree says the run
 * ended (not "run an experiment"), a live process's exitcode is not "None None", a long state
 * history is merged and summed, and the race's number question says "Your guess:" once.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import PredictObserve from '../../../renderer/src/components/PredictObserve.svelte';
import ProcessDetails from '../../../renderer/src/components/ProcessDetails.svelte';
import ProcessTree from '../../../renderer/src/components/ProcessTree.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { questionFor } from '../../../renderer/src/lib/predictions';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { fixture, replay, replayUntil } from '../fixtures';

afterEach(() => setLanguage('zh'));

describe('an ended run in the tree', () => {
  it('says the run ended and its processes are gone, once they have been dropped', () => {
    setLanguage('en');
    // keepExitedMs 0: the ended processes leave the tree at once, as they do after the setting's delay.
    const model = replay('join', { keepExitedMs: 0 });
    expect(model.visible.filter((p) => p.kind === 'lab')).toEqual([]);
    render(ProcessTree, { model, ended: true });
    const empty = screen.getByTestId('tree-empty');
    expect(empty).toHaveTextContent('The run has ended and its processes are gone');
    expect(empty).not.toHaveTextContent('run an experiment');
  });

  it('still invites a first run when there has been none', () => {
    setLanguage('en');
    render(ProcessTree, { model: new ProcessModel() });
    expect(screen.getByTestId('tree-empty')).toHaveTextContent('No processes yet: run an experiment.');
  });
});

describe('the details of a process', () => {
  it('of a live process: Python’s None once, then what it means (not "None None")', () => {
    setLanguage('en');
    const model = replayUntil('join', (m) => m.all.some((p) => p.role === 'child' && p.state === 'S'));
    const child = model.all.find((p) => p.role === 'child' && p.state === 'S')!;
    const view = render(ProcessDetails, { model, pid: child.pid });
    expect(screen.getByTestId('details-exitcode')).toHaveTextContent('None');
    expect(view.container.textContent).not.toMatch(/None\s+None/);
    expect(view.container.textContent).toContain('still running');
  });

  it('merges repeated states and sums a long history per state', () => {
    setLanguage('en');
    const model = replay('parallel');
    // The process with the most state spans: one that slept and woke through the run.
    const p = [...model.all].sort((a, b) => b.spans.length - a.spans.length)[0]!;
    expect(p.spans.length).toBeGreaterThan(6);
    render(ProcessDetails, { model, pid: p.pid });
    const states = screen.getByTestId('details-states');
    const letters = [...states.querySelectorAll('li [data-state]')].map((b) => b.getAttribute('data-state'));
    // No state twice in a row, and never more chips than states + the exit.
    for (let i = 1; i < letters.length; i++) expect(letters[i], letters.join(' ')).not.toBe(letters[i - 1]);
    // At most six stretches, else one line per state (plus the exit).
    expect(letters.length).toBeLessThanOrEqual(7);
    expect(letters.length).toBeLessThan(p.spans.length + 1);
    if (states.dataset.summed === 'true')
      expect(screen.getAllByTestId('state-total')[0]).toHaveTextContent(/\d+ stretch(es)?, .+ in all/);
  });

  it('can be closed (the pane then gives its room back)', async () => {
    const model = replay('join');
    let closed = false;
    render(ProcessDetails, { model, pid: model.all[0]!.pid, onclose: () => (closed = true) });
    screen.getByTestId('details-close').click();
    expect(closed).toBe(true);
  });
});

describe('predict, then observe, for a number', () => {
  it.each(['en', 'zh'] as const)('names the guess once after a race (%s)', (l) => {
    setLanguage(l);
    const report = fixture('ticket-race-unsafe').report;
    const view = render(PredictObserve, {
      experiment: 'ticket-race',
      question: questionFor('ticket-race')!,
      options: report.options,
      guess: null,
      onguess: () => {},
      report,
      lockedGuess: '1',
      running: false,
    });
    const text = view.container.textContent ?? '';
    const you = l === 'en' ? 'Your guess:' : '你的预测：';
    expect(text.split(you).length - 1).toBe(1);
    // The verdict comes before the question for the next run.
    const answer = screen.getByTestId('predict-answer');
    const fieldset = view.container.querySelector('fieldset')!;
    expect(answer.compareDocumentPosition(fieldset) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
