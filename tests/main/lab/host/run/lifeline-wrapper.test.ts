/**
 * The lifeline of an observed program (main/lab/host/run/lifeline-wrapper.ts): when its host
 * dies by SIGKILL (nothing of the host runs any more), the observed program and its whole
 * group are dead well within 2 s — polled, not slept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLabPids, processNameNow } from '../../../../../main/lab/host/os-probe';
import { WORKERS_DIR } from '../../../../helpers/lab';
import { waitFor } from '../../../../helpers/wait';

const ROOT = resolve(import.meta.dirname, '../../../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const state = mkdtempSync(join(tmpdir(), 'process-lab-lifeline-'));
const env = { ...process.env, XDG_STATE_HOME: state };
const runIds: string[] = [];
const hosts: ChildProcess[] = [];

afterAll(() => {
  for (const h of hosts) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  rmSync(state, { recursive: true, force: true });
  expect(runIds.flatMap((id) => findLabPids(id) ?? [])).toEqual([]);
});

/** Starts a host, waits until it names its run on stderr and the tree has `n` tagged processes. */
async function startHost(argv: string[], n: number): Promise<{ host: ChildProcess; runId: string }> {
  const host = spawn(process.execPath, argv, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  hosts.push(host);
  let err = '';
  host.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const runId = await waitFor(() => /run (r[0-9a-z]+)/.exec(err)?.[1], 'the run id', 15_000);
  runIds.push(runId);
  await waitFor(() => (findLabPids(runId)?.length ?? 0) >= n + 1, `${n} processes of the run and the lifeline`, 10_000);
  // The lifeline up and listening (it names itself once Node has booted; a host killed before
  // that is seen when it has: its end of file waits in the pipe).
  await waitFor(() => findLabPids(runId)?.some((p) => processNameNow(p) === 'process-lab-lif'), 'the lifeline', 10_000);
  return { host, runId };
}

/** The pid's state letter (`Z`: dead, waiting to be reaped), or null once gone. */
function stateOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * SIGKILLs the host, then polls until every process of the run is dead; ms it took. Dead, not
 * gone: the orphaned zombies are reaped by pid 1 (whenever this container's init gets to it,
 * ~1.3 s here), which is not the lab's doing; that they do go is checked after, with more time.
 */
async function killHostAndWait(host: ChildProcess, runId: string): Promise<number> {
  const pids = findLabPids(runId) ?? [];
  const t = Date.now();
  // SIGKILL: the host runs nothing more (no handler, no sweep): only the lifeline can act.
  host.kill('SIGKILL');
  const dead = (p: number): boolean => stateOf(p) === null || stateOf(p) === 'Z';
  await waitFor(
    () => pids.every(dead) && (findLabPids(runId) ?? []).every(dead),
    'every process of the observed run to die',
    2000,
    5,
  );
  const ms = Date.now() - t;
  // The figure the README quotes (printed, never asserted beyond the bound).
  console.info(`lifeline: run ${runId} dead ${ms} ms after the host's SIGKILL`);
  await waitFor(() => findLabPids(runId)?.length === 0, 'the dead to be reaped', 10_000);
  return ms;
}

describe.skipIf(process.platform !== 'linux')('the lifeline of an observed program', () => {
  it('kill -9 of the CLI running observe: the program and its group die within 2 s', async () => {
    // sh with two sleeps, and a third from a double fork (its parent gone at once: adopted
    // outside the tree, still in the group).
    const { host, runId } = await startHost(
      [CLI, 'observe', '--hz', '5', '--', 'sh', '-c', 'sleep 30 & sleep 30 & (sleep 30 &); wait'],
      4,
    );
    const ms = await killHostAndWait(host, runId);
    expect(ms).toBeLessThan(2000);
  });

  it('kill -9 of another host (a program on the Supervisor, as serve.js and the app are)', async () => {
    const script = join(state, 'host.ts');
    writeFileSync(
      script,
      `import { Supervisor } from ${JSON.stringify(join(ROOT, 'main/lab/host/supervisor.ts'))};
const sup = new Supervisor({ workersDir: ${JSON.stringify(WORKERS_DIR)}, stateDir: ${JSON.stringify(state)}, graceMs: 500 });
const run = sup.observe('sh', ['-c', 'sleep 30 & sleep 30; wait']);
process.stderr.write('run ' + run.runId + '\\n');
`,
    );
    const { host, runId } = await startHost(['--import', 'tsx', script], 3);
    const ms = await killHostAndWait(host, runId);
    expect(ms).toBeLessThan(2000);
  });
});
