/**
 * Whether a run was cut short by something the lab did not do: a process of the run ended by a
 * signal nobody in the lab sent (`kill -9` from a terminal, the OOM killer, a crash's SIGSEGV).
 * The lab knows every signal it sends: each one from the UI, the CLI or a conduct, and each one
 * main sends (`terminate()`, `kill()`), is a `signalled` event for that pid; and once the run's
 * end has begun, the lab is ending the whole group itself (end-group.ts). Everything else is
 * said in the report's `error`, naming the process and the signal.
 */
import type { LabEvent } from '../../../../contract/events';
import type { ProcRecord } from '../../../../contract/process';

/**
 * The report's `error` for processes killed from outside the lab, or null if there were none.
 * @param endingAt ms (run time) when the lab began ending the run's group, or null if it has not.
 */
export function cutShort(
  records: readonly Pick<ProcRecord, 'pid' | 'name' | 'role' | 'signal' | 'endMs'>[],
  events: readonly LabEvent[],
  endingAt: number | null,
): string | null {
  const sent = new Set<string>();
  for (const e of events) if (e.type === 'signalled') sent.add(`${e.pid}:${e.signal}`);
  const said = records
    .filter(
      (r) =>
        r.signal !== null &&
        r.endMs !== null &&
        (endingAt === null || r.endMs < endingAt) &&
        !sent.has(`${r.pid}:${r.signal}`),
    )
    .map((r) => `${r.role === 'main' ? 'main' : r.name} (pid ${r.pid}) was killed by ${r.signal} from outside the lab`);
  return said.length > 0 ? said.join('; ') : null;
}
