/**
 * The human report's part for a traced Python run: the interpreter, the program's calls in time
 * order (what it asked, of whom, and what it got), and each process's prints under its name.
 */
import type { PyCallEvent, Reaped } from '../../../contract/python-trace';
import type { RunReport } from '../../../contract/report';

function result(r: PyCallEvent['result']): string {
  if (r === undefined) return '';
  if (r === null || typeof r !== 'object') return ` = ${String(r)}`;
  const w: Reaped = r;
  if (w.pid === 0) return ' = nothing ended yet';
  const how = w.signal
    ? `killed by ${w.signal}`
    : w.exitCode !== undefined && w.exitCode !== null
      ? `exit ${w.exitCode}`
      : `status ${String(w.status)}`;
  return ` = reaped ${w.pid} (${how})`;
}

/** Lines for the report (none for a run that is not a traced Python run). */
export function pythonSection(report: RunReport): string[] {
  if (!report.python && !report.events.some((e) => e.type === 'call')) return [];
  const name = (pid: number): string => {
    const p = report.processes.find((x) => x.pid === pid);
    return p ? `${p.name} (${pid})` : `pid ${pid}`;
  };
  const out: string[] = [''];
  const py = report.python;
  if (py)
    out.push(
      `python ${py.version}  ${py.executable}  start method ${py.startMethod ?? '-'}${py.note ? `  (${py.note})` : ''}`,
    );
  out.push('', 'calls (the program’s own; a wait multiprocessing made is shown when it reaped a child):');
  for (const e of report.events) {
    if (e.type !== 'call') continue;
    const reaped = e.result !== null && typeof e.result === 'object' && e.result.pid > 0;
    if (e.by !== 'program' && !reaped) continue;
    const span = e.endT !== undefined && e.endT - e.t >= 1 ? `–${Math.round(e.endT)}` : '';
    const target = e.target !== undefined && e.target > 0 ? `(${name(e.target)})` : '()';
    const within = e.within ? `  [in ${e.within}]` : '';
    out.push(
      `  ${`${Math.round(e.t)}${span} ms`.padEnd(14)} ${name(e.pid)}: ${e.api}${target}${result(e.result)}${within}`,
    );
  }
  const prints = new Map<number, string[]>();
  for (const e of report.events) if (e.type === 'log') prints.set(e.pid, [...(prints.get(e.pid) ?? []), e.line]);
  if (prints.size > 0) {
    out.push('', 'printed, per process:');
    for (const [pid, lines] of prints) {
      out.push(`  ${name(pid)}:`);
      for (const l of lines) out.push(`    ${l}`);
    }
  }
  if (report.pythonFacts) out.push('', `python facts: ${JSON.stringify(report.pythonFacts)}`);
  return out;
}
