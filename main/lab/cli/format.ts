/**
 * The CLI's human report: a process table, the facts, and a text timeline (one lane per
 * process, start to end, with the signals and marks that happened on it).
 */
import { basename } from 'node:path';
import type { ReportProcess, RunReport } from '../../../contract/report';
import { pythonSection } from './format-python';

const WIDTH = 60;

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

function cell(v: unknown): string {
  return v === null || v === undefined ? '-' : String(v);
}

/** A plain aligned table. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function processRows(ps: ReportProcess[]): string[][] {
  return ps.map((p) => [
    String(p.pid),
    // Met already adopted: its real first parent is unknown, not its adopter.
    `${p.firstParentUnknown ? '?→' : ''}${p.ppids.join('→')}`,
    p.name,
    p.role,
    `${p.startMs}`,
    cell(p.endMs),
    reapCell(p),
    cell(p.exitCode),
    cell(p.signal),
    cell(p.pyExitcode),
    p.states.join(' ') || '-',
  ]);
}

/** When it was reaped; `not reaped` for a zombie its adopter had not collected when the run ended. */
function reapCell(p: ReportProcess): string {
  if (p.reapedMs !== null && p.reapedMs !== undefined) return String(p.reapedMs);
  return p.endMs !== null && p.states.at(-1) === 'Z' ? 'not reaped' : '-';
}

/** One lane per process: `#` while alive, `Z` while a zombie is waiting to be reaped. */
export function timeline(report: RunReport): string {
  const span = Math.max(1, report.wallMs);
  const col = (ms: number): number => Math.min(WIDTH - 1, Math.max(0, Math.round((ms / span) * (WIDTH - 1))));
  const lines = [`0 ms${' '.repeat(WIDTH - 4 - String(span).length - 3)}${span} ms`];
  for (const p of report.processes) {
    const lane = Array.from({ length: WIDTH }, () => ' ');
    const end = p.endMs ?? span;
    for (let c = col(p.startMs); c <= col(end); c++) lane[c] = '#';
    const reaped = report.events.find((e) => e.type === 'reaped' && e.pid === p.pid);
    // Still a zombie at the run's end (its adopter never reaped it here): Z to the end.
    const reapAt = reaped?.t ?? (p.endMs !== null && p.states.at(-1) === 'Z' ? span : null);
    if (reapAt !== null && p.endMs !== null) for (let c = col(p.endMs) + 1; c <= col(reapAt); c++) lane[c] = 'Z';
    for (const e of report.events) {
      if (e.pid !== p.pid) continue;
      if (e.type === 'signalled') lane[col(e.t)] = '!';
    }
    lines.push(`${lane.join('')}  ${p.name} (${p.pid})`);
  }
  // The run's landmarks, the steps its workers announced and the versions of the files it
  // watched, in time order: the ticket race's reads and writes as they happened.
  const name = (pid: number): string => report.processes.find((p) => p.pid === pid)?.name ?? `pid ${pid}`;
  const said = report.events
    .flatMap((e): Array<[number, string]> => {
      if (e.type === 'mark')
        return [[e.t, `${e.label}${'detail' in e && e.detail !== undefined ? ` ${String(e.detail)}` : ''}`]];
      if (e.type === 'step')
        return [[e.t, `${name(e.pid)}: ${e.label}${e.value === null ? '' : ` ${String(e.value)}`}`]];
      if (e.type === 'file') return [[e.t, `file ${basename(e.path)} = ${e.content}`]];
      return [];
    })
    .sort((a, b) => a[0] - b[0]);
  if (said.length > 0) {
    lines.push('');
    for (const [t, text] of said) lines.push(`${pad(`${Math.round(t)} ms`, 10)} ${text}`);
  }
  lines.push('', 'legend: # alive   Z exited, not yet reaped   ! signal sent');
  return lines.join('\n');
}

/** "sampled at 25 Hz, auto (steady 31 Hz at 0.19 ms a tick; 40 ticks asked for by a hint)". */
export function samplingLine(s: NonNullable<RunReport['sampling']>): string {
  const detail =
    s.mode === 'auto'
      ? ` (steady ${s.steadyHz} Hz at ${s.tickMs} ms a tick; ${s.hinted} of ${s.ticks} ticks hinted)`
      : '';
  return `sampled at ${s.hz} Hz, ${s.mode}${detail}`;
}

/** The whole human report. */
export function humanReport(report: RunReport): string {
  const out: string[] = [];
  out.push(
    `${report.experiment}  run ${report.runId}  ${report.wallMs} ms  (${report.platform.os}, ${report.platform.cores} cores, sampler ${report.platform.sampler})`,
  );
  if (report.sampling) out.push(samplingLine(report.sampling));
  if (report.stopped) out.push('stopped early');
  if (report.error) out.push(`error: ${report.error}`);
  out.push('');
  out.push(
    table(
      ['pid', 'ppid', 'name', 'role', 'start ms', 'exit ms', 'reaped ms', 'exit', 'signal', 'py exitcode', 'states'],
      processRows(report.processes),
    ),
  );
  out.push('', 'facts:');
  for (const [k, v] of Object.entries(report.facts))
    out.push(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  out.push(...pythonSection(report));
  out.push('', timeline(report), '');
  out.push(report.leaked.length === 0 ? 'leaked: none' : `LEAKED: ${report.leaked.join(', ')}`);
  return out.join('\n');
}
