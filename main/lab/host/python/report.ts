/**
 * A traced Python run's part of the report: the `python` block and the `pythonFacts`, computed
 * from the run's own events and records (pure: a recorded run gives the same facts).
 */
import type { LabEvent } from '../../../../contract/events';
import type { ProcRecord } from '../../../../contract/process';
import type { PythonFacts, PyZombieFact } from '../../../../contract/python-facts';
import type { PyCallEvent, PythonBlock } from '../../../../contract/python-trace';
import type { RunTarget } from '../run/handle';
import type { TraceLink } from './trace-link';

const WAITS = new Set(['os.wait', 'os.waitpid', 'os.wait4']);

function reapedPid(c: PyCallEvent): number | null {
  const r = c.result;
  return r !== null && typeof r === 'object' && r.pid > 0 ? r.pid : null;
}

/** The part of the report a traced run adds. */
export function pythonReport(
  link: TraceLink,
  target: RunTarget,
  records: readonly ProcRecord[],
  events: readonly LabEvent[],
): { python?: PythonBlock; pythonFacts: PythonFacts } {
  const block = link.pythonBlock();
  const mainCodeEnd = [...link.trace.processes.values()].find((p) => p.pyName === 'MainProcess')?.codeEndT ?? null;
  return {
    ...(block ? { python: block } : {}),
    pythonFacts: pythonFacts(
      target.kind === 'observe' ? (target.python?.experiment ?? null) : null,
      target.kind === 'observe' ? (target.python?.timeScale ?? 1) : 1,
      records,
      events,
      mainCodeEnd,
    ),
  };
}

/** The facts of one traced run (`experiment`: whose lecture program ran, if any). */
export function pythonFacts(
  experiment: string | null,
  timeScale: number,
  records: readonly ProcRecord[],
  events: readonly LabEvent[],
  mainCodeEndMs: number | null,
): PythonFacts {
  const calls = events.filter((e): e is PyCallEvent => e.type === 'call');
  const count: Record<string, number> = {};
  for (const c of calls) count[c.api] = (count[c.api] ?? 0) + 1;
  const main = records.find((r) => r.role === 'main');
  const facts: PythonFacts = {
    calls: count,
    zombies: zombies(records, events, calls),
    adopted: adopted(records, events),
    timeScale,
  };
  const mainLines = events.flatMap((e) => (e.type === 'log' && e.pid === main?.pid ? [e.line] : []));
  if (experiment === 'join') {
    // The program prints each total as a bare float (`print(time.time() - start)`).
    const totals = mainLines.filter((l) => /^\d+(\.\d+)?(e-?\d+)?$/.test(l)).map(Number);
    const s = (i: number): number | null => (totals[i] === undefined ? null : Math.round(totals[i]! * 1000) / 1000);
    facts.joinTotalsS = { direct: s(0), allStartThenJoin: s(1), startJoinEach: s(2) };
    facts.lectureS = { direct: 6.0, allStartThenJoin: 3.58, startJoinEach: 7.21 };
  }
  const term = calls.find((c) => c.api === 'Process.terminate' && c.target !== undefined);
  if (term && term.target !== undefined) {
    const target = term.target;
    const alive = calls.filter((c) => c.api === 'Process.is_alive' && c.target === target && c.pid === term.pid);
    const before = alive.filter((c) => c.t <= term.t).at(-1);
    const after = alive.filter((c) => c.t > term.t);
    const exitcode = calls.filter((c) => c.api === 'Process.exitcode' && c.target === target).at(-1);
    // The first state the sampler reported for the target at or after terminate().
    const seen = events.find(
      (e) =>
        e.pid === target && e.t >= term.t && (e.type === 'state-changed' || e.type === 'exited' || e.type === 'reaped'),
    );
    facts.terminate = {
      target,
      aliveBefore: typeof before?.result === 'boolean' ? before.result : null,
      aliveRightAfter: typeof after[0]?.result === 'boolean' ? after[0].result : null,
      aliveLater:
        typeof after.at(-1)?.result === 'boolean' && after.length > 1 ? (after.at(-1)!.result as boolean) : null,
      exitcode:
        typeof exitcode?.result === 'number'
          ? exitcode.result
          : (records.find((r) => r.pid === target)?.pyExitcode ?? null),
      osSawItAfter: seen ? (seen.type === 'state-changed' ? seen.to : seen.type) : null,
    };
  }
  const daemon = records.find((r) => r.role === 'daemon');
  if (experiment === 'daemon' && daemon)
    facts.daemon = {
      mainCodeEndMs: mainCodeEndMs,
      daemonEndMs: daemon.endMs === null ? null : Math.round(daemon.endMs),
      daemonPid: daemon.pid,
    };
  if (experiment === 'ticket-race') {
    const sold = events.filter((e) => e.type === 'log' && e.line.endsWith('抢票成功')).length;
    facts.tickets = { sold, available: 1, oversold: Math.max(0, sold - 1) };
  }
  return facts;
}

function zombies(records: readonly ProcRecord[], events: readonly LabEvent[], calls: PyCallEvent[]): PyZombieFact[] {
  return (
    records
      // Main's own Z is the moment before the lab (its parent) collects it: not the program's
      // zombie; nor is a launcher's (pyenv's bash shims, collected by bash before the exec).
      .filter((r) => r.states.includes('Z') && r.role !== 'main' && r.role !== 'shim')
      .map((r) => {
        const since = events.find((e) => e.pid === r.pid && e.type === 'state-changed' && e.to === 'Z')?.t ?? null;
        const wait = calls.find((c) => WAITS.has(c.api) && reapedPid(c) === r.pid);
        return {
          pid: r.pid,
          zombieSinceMs: since === null ? null : Math.round(since),
          reapedBy: wait
            ? { pid: wait.pid, api: wait.api, within: wait.within ?? null, t: Math.round(wait.endT ?? wait.t) }
            : reapedEvent(events, r.pid),
        };
      })
  );
}

function adopted(records: readonly ProcRecord[], events: readonly LabEvent[]): PythonFacts['adopted'] {
  return records
    .filter((r) => r.ppids.length > 1)
    .map((r) => {
      const to = r.ppids.at(-1)!;
      // The adopter is rarely the lab's (init, a subreaper): the sampler's event names it.
      const said = events.find((e) => e.type === 'reparented' && e.pid === r.pid && e.to === to);
      const toName = said?.type === 'reparented' ? said.toName : (records.find((x) => x.pid === to)?.name ?? null);
      return { pid: r.pid, from: r.ppids[0]!, to, toName };
    });
}

/** No traced wait collected it: who the OS says did (an adopter, the lab), with no API. */
function reapedEvent(events: readonly LabEvent[], pid: number): PyZombieFact['reapedBy'] {
  const e = events.find((x) => x.type === 'reaped' && x.pid === pid);
  return e?.type === 'reaped' ? { pid: e.by, api: null, within: null, t: Math.round(e.t) } : null;
}
