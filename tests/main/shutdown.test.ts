/** The one way out: every lab process ended (real ones), then exit — once, however often asked. */
import { describe, expect, it, vi } from 'vitest';
import { findLabPids } from '../../main/lab/host/os-probe';
import { createShutdown } from '../../main/shutdown';
import { labSupervisor } from '../helpers/lab';

describe('createShutdown', () => {
  it('ends a running experiment’s processes before it exits, and only once', async () => {
    const supervisor = labSupervisor();
    const run = supervisor.start('daemon', { hz: 20 });
    await run.waitUntil(() => run.records().length >= 3, 5000, 'the children');
    const order: string[] = [];
    const exit = vi.fn((code: number) => order.push(`exit ${code}`));
    const shutdown = createShutdown({
      supervisor,
      exit,
      beforeExit: () => void order.push(`before exit, lab pids left: ${findLabPids(run.runId)?.length}`),
      log: () => undefined,
    });
    await Promise.all([shutdown('SIGTERM'), shutdown('quit'), shutdown('SIGINT')]);
    expect(order).toEqual(['before exit, lab pids left: 0', 'exit 0']);
    expect(exit).toHaveBeenCalledOnce();
    expect((await run.done).stopped).toBe(true);
  });

  it('still exits (with 1) when kill-all fails or hangs', async () => {
    const supervisor = labSupervisor();
    vi.spyOn(supervisor, 'killAll').mockReturnValue(new Promise(() => undefined));
    const exit = vi.fn();
    const logged: string[] = [];
    await createShutdown({ supervisor, exit, log: (m) => logged.push(m), timeoutMs: 50 })('SIGTERM');
    expect(exit).toHaveBeenCalledWith(1);
    expect(logged.join('\n')).toMatch(/timed out/);
    vi.restoreAllMocks();
  });
});
