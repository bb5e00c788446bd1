/**
 * A run cut short by a signal the lab did not send (main/lab/host/run/cut-short.ts): its
 * report's `error` names the process and the signal. Real SIGKILLs from this test (outside the
 * lab); and the signals the lab does send (lifecycle's terminate() and kill(), a stop) are no
 * error.
 */
import { describe, expect, it } from 'vitest';
import { cutShort } from '../../../../../main/lab/host/run/cut-short';
import { labSupervisor } from '../../../../helpers/lab';
import { waitFor } from '../../../../helpers/wait';

describe('a run cut short from outside', () => {
  it('main SIGKILLed by someone else: the error names main, its pid and the signal', async () => {
    const sup = labSupervisor();
    // join's serial phase: main sleeps 30 s itself.
    const run = sup.start('join', { durations: [30], hz: 20 });
    await waitFor(() => run.events().some((e) => e.type === 'ready'), 'main to be ready', 10_000);
    process.kill(run.mainPid, 'SIGKILL');
    const report = await run.done;
    expect(report.error).toBe(`main (pid ${run.mainPid}) was killed by SIGKILL from outside the lab`);
    expect(report.leaked).toEqual([]);
  });

  it('a worker SIGKILLed by someone else: the error names the worker', async () => {
    const sup = labSupervisor();
    const run = sup.start('orphan', { childMs: 30_000, parentMs: 30_000, hz: 20 });
    const child = await waitFor(
      () => run.records().find((r) => r.role !== 'main' && r.endMs === null),
      'the worker',
      10_000,
    );
    process.kill(child.pid, 'SIGKILL');
    // Main collects its exit status (and says so), then the run is stopped by the lab.
    await waitFor(() => run.record(child.pid)?.signal === 'SIGKILL', "main's word of the worker's death", 10_000);
    run.stop();
    const report = await run.done;
    expect(report.error).toBe(`${child.name} (pid ${child.pid}) was killed by SIGKILL from outside the lab`);
    expect(report.leaked).toEqual([]);
  });

  it("the lab's own signals are no error: lifecycle's terminate() and kill(), and a stopped run", async () => {
    const sup = labSupervisor();
    const life = await sup.start('lifecycle', { timeScale: 0.2, hz: 20 }).done;
    expect(life.processes.map((p) => p.signal)).toEqual(expect.arrayContaining(['SIGTERM', 'SIGKILL']));
    expect(life.error).toBeNull();
    const run = sup.start('join', { durations: [30], hz: 20 });
    await waitFor(() => run.events().some((e) => e.type === 'ready'), 'main to be ready', 10_000);
    run.stop();
    const stopped = await run.done;
    expect(stopped.processes[0]?.signal).toBe('SIGTERM');
    expect(stopped.error).toBeNull();
  });

  it('is pure over records and events: the signal must be one nobody in the lab sent to that pid', () => {
    const rec = (pid: number, signal: string | null, endMs: number, role: 'main' | 'child' = 'child') =>
      ({ pid, name: `p${pid}`, role, signal, endMs }) as Parameters<typeof cutShort>[0][number];
    const sent = { type: 'signalled', pid: 2, signal: 'SIGKILL', by: 'main', t: 1, runId: 'r' } as const;
    expect(cutShort([rec(2, 'SIGKILL', 5)], [sent], null)).toBeNull();
    // The lab sent SIGTERM; SIGKILL came from elsewhere.
    expect(cutShort([rec(2, 'SIGKILL', 5)], [{ ...sent, signal: 'SIGTERM' }], null)).toBe(
      'p2 (pid 2) was killed by SIGKILL from outside the lab',
    );
    // Ended once the lab was ending the run's group: the lab's doing.
    expect(cutShort([rec(2, 'SIGKILL', 9)], [], 8)).toBeNull();
    expect(cutShort([rec(1, 'SIGKILL', 3, 'main'), rec(2, 'SIGTERM', 4)], [], 8)).toBe(
      'main (pid 1) was killed by SIGKILL from outside the lab; p2 (pid 2) was killed by SIGTERM from outside the lab',
    );
  });
});
