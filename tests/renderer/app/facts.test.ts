/**
 * A run's facts in a student's words: each experiment's own rows from a recorded real run, and
 * every fact no row names still shown, so nothing measured is ever hidden.
 */
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../contract/report';
import { describeFacts, formatValue, type FactRow } from '../../../renderer/src/lib/facts';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { fixture } from '../fixtures';

const value = (rows: FactRow[], id: string): string | undefined => {
  const r = rows.find((x) => x.id === id);
  return r?.kind === 'value' ? r.value : undefined;
};

describe('describeFacts', () => {
  it('lifecycle: is_alive() as Python prints it, and the exitcode', () => {
    setLanguage('en');
    const { known } = describeFacts(fixture('lifecycle').report);
    expect(value(known, 'aliveRightAfterTerminate')).toBe('True');
    expect(value(known, 'aliveAfterJoin')).toBe('False');
    expect(value(known, 'pyExitcode')).toBe('-15');
  });

  it('zombie, killed parent: the adopter by pid and name, in both languages', () => {
    const report = fixture('zombie-kill-parent').report;
    setLanguage('en');
    expect(value(describeFacts(report).known, 'reapedBy')).toMatch(
      /^the adopter, pid 1 \(.+\), after the parent was killed$/,
    );
    setLanguage('zh');
    expect(value(describeFacts(report).known, 'reapedBy')).toMatch(/^父进程被杀死后，由收养者 pid 1（.+）回收$/);
    setLanguage('en');
  });

  it('orphan: exit and reap apart, "not reaped" where the adopter had not reaped it at the run’s end', () => {
    // A recorded real run, stopped after the orphan's exit: its adopter (a subreaper that does
    // not reap) had not reaped its zombie when the run ended.
    const report = fixture('orphan-unreaped').report;
    const orphan = report.processes.find((p) => p.pid === report.facts.orphanPid)!;
    expect(orphan.endMs).not.toBeNull();
    expect(orphan.reapedMs).toBeNull();
    setLanguage('en');
    const en = describeFacts(report).known;
    expect(value(en, 'orphanEndMs')).toMatch(/^at /);
    expect(en.find((r) => r.id === 'orphanEndMs')?.label).not.toMatch(/reaped it/);
    expect(value(en, 'orphanReapedMs')).toBe('not reaped when the run ended');
    setLanguage('zh');
    expect(value(describeFacts(report).known, 'orphanReapedMs')).toBe('运行结束时尚未被回收');
    // A real run where pid 1 reaped it, later than its exit: the time it did.
    setLanguage('en');
    const reaped = fixture('orphan').report;
    const late = reaped.processes.find((p) => p.pid === reaped.facts.orphanPid)!;
    expect(late.reapedMs!).toBeGreaterThan(late.endMs!);
    expect(value(describeFacts(reaped).known, 'orphanReapedMs')).toMatch(/^at /);
  });

  it('join: the three totals and a table of each child’s start overhead', () => {
    const { known } = describeFacts(fixture('join').report);
    expect(known.filter((r) => r.kind === 'value' && r.strong).map((r) => r.id)).toEqual([
      'serialInProcessMs',
      'startAllJoinAllMs',
      'startJoinEachMs',
    ]);
    const table = known.find((r) => r.id === 'children');
    expect(table?.kind === 'table' && table.rows.length).toBe(6);
  });

  it('shows every fact of an experiment it has no words for, as key and value', () => {
    const report = {
      ...fixture('zombie').report,
      experiment: 'something-new',
      facts: { answerMs: 1500, sizeBytes: 2 * 1024 * 1024, items: [{ a: 1 }, { a: 2, b: 'x' }], ok: true },
    } as RunReport;
    const { known, other } = describeFacts(report);
    expect(known).toEqual([]);
    expect(value(other, 'answerMs')).toBe('1.50 s');
    expect(value(other, 'sizeBytes')).toBe('2.0 MiB');
    expect(value(other, 'ok')).toBe('true');
    expect(other.find((r) => r.id === 'items')).toMatchObject({
      kind: 'table',
      columns: ['a', 'b'],
      rows: [
        ['1', '—'],
        ['2', 'x'],
      ],
    });
  });

  it('names the engine’s own values and the facts no row names by their words', () => {
    setLanguage('en');
    expect(value(describeFacts(fixture('ticket-race-unsafe').report).known, 'mode')).toBe('no lock');
    const join = describeFacts(fixture('join').report).known.find((r) => r.id === 'children');
    expect(join?.kind === 'table' && join.rows.map((row) => row[0])).toContain('start all, then join all');
    const other = describeFacts(fixture('parallel').report).other.find((r) => r.id === 'parallelAvgCpuPercent');
    expect(other?.label).toBe('Average CPU % used in parallel (100 % = one core)');
  });

  it('shows an object’s parts by their words, or by value alone, never by a program’s key', () => {
    setLanguage('en');
    expect(formatValue({ pid: 7, someInnerKey: 'x' })).toBe('pid: 7; x');
  });

  it('keeps facts a describer does not name', () => {
    const report = fixture('orphan').report;
    const extra = { ...report, facts: { ...report.facts, newFact: 7 } } as RunReport;
    expect(value(describeFacts(extra).other, 'newFact')).toBe('7');
  });
});
