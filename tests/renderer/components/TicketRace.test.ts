import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import TicketRace from '../../../renderer/src/components/TicketRace.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { SCHEDULE_PATTERN } from '../../../renderer/src/lib/ticket-race';
import type { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { fixture, replayUntil } from '../fixtures';

afterEach(() => setLanguage('zh'));

const report = (name: string) => fixture(name).report;

describe('TicketRace, replaying real races', () => {
  it('unsafe: a large oversell figure, every buyer’s row, the stale writes and the db file', () => {
    const r = report('ticket-race-unsafe');
    const oversold = r.facts.oversold as number;
    expect(oversold).toBeGreaterThan(0); // the recorded race did oversell
    setLanguage('zh');
    render(TicketRace, { reports: [r] });
    const figure = screen.getByTestId('oversell-figure');
    expect(figure).toHaveTextContent(`超卖 ${oversold} 张`);
    expect(figure.dataset.oversold).toBe(String(oversold));
    const rows = screen.getAllByTestId('buyer-row');
    expect(rows).toHaveLength(r.facts.buyers as number);
    expect(rows.filter((row) => row.dataset.success === 'true')).toHaveLength(r.facts.sold as number);
    // Every sale after the first wrote from a count someone had already changed.
    expect(rows.filter((row) => row.classList.contains('stale'))).toHaveLength(oversold);
    const db = screen.getByTestId('race-db');
    expect(within(db).getAllByRole('listitem')[0]).toHaveTextContent('{"count":1}');
    expect(within(db).getAllByText('覆盖了一次售票')).toHaveLength(oversold);
    setLanguage('en');
    flushSync();
    expect(figure).toHaveTextContent(`${oversold} ${oversold === 1 ? 'ticket' : 'tickets'} oversold`);
  });

  it('the three modes side by side with their times: only unsafe oversells, serial is slowest', () => {
    const reports = ['ticket-race-unsafe', 'ticket-race-serial', 'ticket-race-lock'].map(report);
    setLanguage('en');
    render(TicketRace, { reports });
    const cards = within(screen.getByTestId('race-modes')).getAllByRole('heading');
    expect(cards.map((c) => c.textContent)).toEqual(['no lock (unsafe)', 'one by one (serial)', 'with a lock']);
    const card = (mode: string): HTMLElement => document.querySelector(`[data-mode="${mode}"]`)!;
    expect(card('unsafe')).toHaveClass('bad');
    expect(card('serial')).not.toHaveClass('bad');
    expect(card('lock')).not.toHaveClass('bad');
    expect(card('serial')).toHaveTextContent('correct');
    const secs = (mode: string): number => {
      const t = within(card(mode)).getByTestId('mode-time').textContent!;
      return t.endsWith(' s') ? parseFloat(t) * 1000 : parseFloat(t);
    };
    expect(secs('serial')).toBeGreaterThan(secs('unsafe'));
    expect(secs('serial')).toBeGreaterThan(secs('lock'));
    // The detail shows the last report: the lock run, which did not oversell.
    expect(screen.getByTestId('oversell-figure')).toHaveTextContent('No oversell');
  });

  it('repeated runs: the histogram of tickets sold per round', () => {
    const r = report('ticket-race-repeat');
    setLanguage('en');
    render(TicketRace, { reports: [r] });
    const hist = screen.getByTestId('race-histogram');
    const bars = within(hist).getAllByRole('listitem');
    const histogram = r.facts.histogram as Record<string, number>;
    expect(bars).toHaveLength(Object.keys(histogram).length);
    for (const [sold, rounds] of Object.entries(histogram)) {
      const bar = bars.find((b) => b.textContent?.includes(`${sold} sold`))!;
      expect(bar).toHaveTextContent(`${rounds} round`);
      expect(bar.classList.contains('bad')).toBe(Number(sold) > (r.facts.tickets as number));
    }
    // The headline counts every round, not only the last one.
    const rounds = r.facts.rounds as Array<{ oversold: number }>;
    const bad = rounds.filter((x) => x.oversold > 0).length;
    expect(bad).toBeGreaterThan(0); // the recorded rounds did oversell at least once
    expect(screen.getByTestId('oversell-figure')).toHaveTextContent(`Oversold in ${bad} of ${rounds.length} rounds`);
    const worst = Math.max(...rounds.map((x) => x.oversold));
    expect(screen.getByTestId('oversell')).toHaveTextContent(
      `at most ${worst} ${worst === 1 ? 'ticket' : 'tickets'} oversold in one round`,
    );
  });

  it('a forced interleaving: the schedule it ran and the oversell it made', () => {
    const r = report('ticket-race-schedule');
    setLanguage('en');
    render(TicketRace, { reports: [r] });
    expect(screen.getByTestId('oversell')).toHaveTextContent('forced order r1,r2,w1,w2');
    expect(screen.getByTestId('oversell-figure')).toHaveTextContent('1 ticket oversold');
    // A forced run is not one of the three modes' fair comparison.
    expect(screen.queryByTestId('race-modes')).toBeNull();
  });

  it('live: each buyer’s steps as it takes them, and the db file as the lab reads it', () => {
    // Stopped the moment the first buyer has written, before the report is in.
    const model = replayUntil('ticket-race-unsafe', (m) => m.all.some((p) => p.steps.some((s) => s.label === 'wrote')));
    setLanguage('zh');
    render(TicketRace, { reports: [], model, running: true });
    const live = screen.getByTestId('race-live');
    const rows = within(live).getAllByTestId('live-buyer');
    expect(rows).toHaveLength(6);
    expect(live).toHaveTextContent('还剩 1');
    const done = rows.filter((r) => r.dataset.result === 'success');
    expect(done.length).toBeGreaterThan(0);
    expect(done[0]).toHaveTextContent('{"count":0}');
    expect(done[0]).toHaveTextContent('抢票成功');
    // The file: the stock, then what the first writer left, read by the lab itself.
    expect(screen.getByTestId('race-db-now')).toHaveTextContent('{"count":0}');
    const versions = within(screen.getByTestId('race-db-live')).getAllByRole('listitem');
    expect(versions[0]).toHaveTextContent('{"count":1}');
    expect(versions.at(-1)).toHaveTextContent('{"count":0}');
  });

  it('live: a second write of the same count is shown as such, with the writer’s stale read', () => {
    // The whole recorded race, still "running": every buyer has decided.
    const decided = (m: ProcessModel): number =>
      m.all.filter((p) => p.steps.some((s) => s.label === 'wrote' || s.label === 'sold-out')).length;
    const model = replayUntil('ticket-race-unsafe', (m) => decided(m) === 6);
    setLanguage('en');
    render(TicketRace, { reports: [], model, running: true });
    const r = report('ticket-race-unsafe');
    const rows = within(screen.getByTestId('race-live')).getAllByTestId('live-buyer');
    // The same buyers succeed live as in the report, and the same ones wrote from a stale count.
    expect(rows.filter((x) => x.dataset.result === 'success')).toHaveLength(r.facts.sold as number);
    expect(rows.filter((x) => x.classList.contains('stale'))).toHaveLength(r.facts.oversold as number);
    // Each lost update is a write of a count the file already held. The lab reads at most one
    // version per write (two in the same instant may be read once): as many marks as lost
    // updates at most, and this recorded race shows its one.
    const again = within(screen.getByTestId('race-db-live')).queryAllByText('same count written again');
    expect(r.facts.lostUpdates).toBeGreaterThan(0);
    expect(again.length).toBeGreaterThan(0);
    expect(again.length).toBeLessThanOrEqual(r.facts.lostUpdates as number);
    for (const tag of again) expect(tag.closest('li')).toHaveTextContent('{"count":0}');
  });
});

describe('TicketRace, the interleaving picker', () => {
  it('builds a schedule the experiment accepts, step by step', async () => {
    const onschedule = vi.fn();
    setLanguage('en');
    render(TicketRace, { reports: [], buyers: 3, onschedule });
    const run = screen.getByTestId('race-run-schedule');
    expect(run).toBeDisabled();
    // At first only reads can come next.
    const picker = screen.getByTestId('race-picker');
    expect(within(picker).queryByRole('button', { name: 'buyer 1 writes' })).toBeNull();
    for (const step of ['buyer 1 reads', 'buyer 2 reads', 'buyer 1 writes']) {
      await fireEvent.click(within(picker).getByRole('button', { name: step }));
      expect(run).toBeDisabled();
    }
    await fireEvent.click(within(picker).getByRole('button', { name: 'buyer 2 writes' }));
    expect(screen.getByTestId('race-schedule')).toHaveTextContent('r1,r2,w1,w2');
    expect(run).toBeEnabled();
    await fireEvent.click(run);
    expect(onschedule).toHaveBeenCalledWith('r1,r2,w1,w2');
    expect(SCHEDULE_PATTERN.test(onschedule.mock.calls[0]![0] as string)).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getByTestId('race-schedule')).toHaveTextContent('r1,r2,w1');
    expect(run).toBeDisabled();
    await fireEvent.click(screen.getByRole('button', { name: 'In turn: r1,w1,r2,w2' }));
    expect(screen.getByTestId('race-schedule')).toHaveTextContent('r1,w1,r2,w2');
    await fireEvent.click(run);
    expect(onschedule).toHaveBeenLastCalledWith('r1,w1,r2,w2');
  });

  it('is in Chinese too, and says Windows cannot force an order', async () => {
    setLanguage('zh');
    const view = render(TicketRace, { reports: [], buyers: 2 });
    expect(screen.getByRole('button', { name: '买家 1 读' })).toBeInTheDocument();
    await view.rerender({ platform: 'win32' });
    expect(screen.queryByTestId('race-picker')).toBeNull();
    expect(screen.getByTestId('race-windows-note')).toHaveTextContent('Windows 没有');
  });
});
