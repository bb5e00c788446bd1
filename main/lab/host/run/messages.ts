/** What a message from the run's main means to the run, as data (the run applies it). */
import type { LabEventDraft } from '../../../../contract/events';
import type { ProcRole } from '../../../../contract/process';
import type { FactValue } from '../../../../contract/report';
import type { MainToSupervisor } from '../../common/protocol';

/** One message, translated: an event to emit, or a change to the run's records or facts. */
export type MainMessage =
  | { kind: 'event'; event: LabEventDraft }
  | { kind: 'child'; pid: number; ppid: number; name: string; role: ProcRole; t: number }
  | { kind: 'exit'; pid: number; code: number | null; signal: string | null; t: number }
  | { kind: 'fact'; key: string; value: FactValue }
  | { kind: 'none' };

/**
 * Translates a message of main (`t0`: the run's start on the shared clock; `now`: ms since then,
 * for messages that carry no time). `known(pid)`: whether pid is a process of this run.
 */
export function translateMessage(
  m: MainToSupervisor,
  t0: number,
  now: number,
  mainPid: number,
  known: (pid: number) => boolean,
): MainMessage {
  const t = 'at' in m ? m.at - t0 : now;
  const event = (e: LabEventDraft): MainMessage => ({ kind: 'event', event: e });
  switch (m.k) {
    case 'ready':
      return event({ type: 'ready', pid: mainPid, t });
    case 'child':
      return { kind: 'child', pid: m.pid, ppid: m.ppid, name: m.name, role: m.role, t };
    case 'child-ready':
      return event({ type: 'ready', pid: m.pid, t });
    case 'signal':
      return event({ type: 'signalled', pid: m.pid, signal: m.signal, by: 'main', t });
    case 'signal-received':
      return event({ type: 'signal-received', pid: m.pid, signal: m.signal, t });
    case 'exit':
      return { kind: 'exit', pid: m.pid, code: m.code, signal: m.signal, t };
    case 'log':
      return event({ type: 'log', pid: m.pid, stream: m.stream, line: m.line, t });
    case 'mark':
      return event(
        m.detail === undefined
          ? { type: 'mark', pid: mainPid, label: m.label, t }
          : { type: 'mark', pid: mainPid, label: m.label, detail: m.detail, t },
      );
    case 'fact':
      return { kind: 'fact', key: m.key, value: m.value };
    case 'step':
      // Only a process of this run may speak for itself here.
      return known(m.pid) ? event({ type: 'step', pid: m.pid, label: m.label, value: m.value, t }) : { kind: 'none' };
  }
}
