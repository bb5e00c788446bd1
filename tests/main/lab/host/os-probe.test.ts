/**
 * findLabPids remembers each process's answer per (pid, start time). A process spawned by an
 * untagged parent shows that parent's environment until it execs, with the same pid and start
 * time: a "no tag" read then must not be remembered, or the process is never found again (nor
 * swept, nor counted as leaked).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { waitFor } from '../../../helpers/wait';

describe.runIf(process.platform === 'linux')('findLabPids', () => {
  it('finds a process that gains its tag at exec, though an earlier scan saw it untagged', async () => {
    const runId = `os-probe-test-${process.pid}`;
    const { PROCESS_LAB_RUN: _drop, ...untagged } = process.env;
    // Untagged for its first moments (a stand-in for the fork → exec window), then the same
    // pid, with the same start time, execs with the tag. The sh reads a line first, so the
    // test decides when the exec happens (after a scan has seen it untagged).
    const child = spawn('sh', ['-c', `read _; exec env PROCESS_LAB_RUN=${runId} sleep 30`], {
      env: untagged,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    try {
      await waitFor(() => child.pid !== undefined, 'the child to start');
      expect(findLabPids(runId)).not.toContain(child.pid);
      child.stdin!.write('go\n');
      await waitFor(() => findLabPids(runId)?.includes(child.pid!), 'the tagged process after its exec', 3000);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
