import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { waitFor } from '../../../helpers/wait';

const CLI = resolve(import.meta.dirname, '../../../../out/main/cli.js');
const state = mkdtempSync(join(tmpdir(), 'process-lab-cli-'));
const env = { ...process.env, XDG_STATE_HOME: state };
const runIds: string[] = [];

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI in the background and waits until it names its run (on stderr). */
async function startCli(...args: string[]): Promise<{ child: ChildProcess; runId: string; mainPid: number }> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const runId = await waitFor(() => /run (\S+):/.exec(err)?.[1], 'the run id');
  runIds.push(runId);
  return { child, runId, mainPid: Number(/main pid (\d+)/.exec(err)?.[1]) };
}

afterAll(() => {
  rmSync(state, { recursive: true, force: true });
  expect(runIds.flatMap((id) => findLabPids(id) ?? [])).toEqual([]);
});

describe('process-lab CLI', () => {
  it('list --json names every experiment with bilingual descriptions', () => {
    const r = cli('list', '--json');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{ id: string; title: { en: string; zh: string } }>;
    expect(list.map((e) => e.id)).toEqual(expect.arrayContaining(['join', 'zombie', 'orphan', 'daemon', 'lifecycle']));
    for (const e of list) expect(e.title.zh.length).toBeGreaterThan(0);
  });

  it('run join --json prints exactly one JSON document with the report fields, leaked []', () => {
    const r = cli('run', 'join', '--durations', '0.5,1', '--time-scale', '0.2', '--hz', '5', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    runIds.push(report.runId as string);
    for (const k of ['experiment', 'options', 'platform', 'wallMs', 'processes', 'events', 'facts', 'leaked'])
      expect(report).toHaveProperty(k);
    expect(report.leaked).toEqual([]);
    expect((report.options as { durations: number[] }).durations).toEqual([0.5, 1]);
    const p = (report.processes as Array<Record<string, unknown>>)[0]!;
    for (const k of [
      'pid',
      'ppid',
      'ppids',
      'name',
      'role',
      'startMs',
      'endMs',
      'exitCode',
      'signal',
      'pyExitcode',
      'states',
    ])
      expect(p).toHaveProperty(k);
  });

  it('says the rate it sampled at: auto by default, fixed with --hz; exit and reap apart', () => {
    const auto = cli('observe', '--', 'sh', '-c', 'true & exec sleep 0.3');
    expect(auto.status).toBe(0);
    expect(auto.stdout).toMatch(/sampled at [\d.]+ Hz, auto/);
    expect(auto.stdout).toMatch(/exit ms\s+reaped ms/);
    const fixed = cli('observe', '--hz', '5', '--json', '--', 'sleep', '0.2');
    expect(fixed.status).toBe(0);
    const report = JSON.parse(fixed.stdout) as { runId: string; sampling: { mode: string }; options: { hz: number } };
    runIds.push(report.runId);
    expect(report.sampling.mode).toBe('fixed');
    expect(report.options.hz).toBe(5);
    expect(cli('observe', '--hz', '0.1', '--', 'true').status).not.toBe(0);
  });

  it('prints a human report with a table and a timeline', () => {
    const r = cli('run', 'daemon', '--time-scale', '0.1', '--hz', '10');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/pid\s+ppid\s+name/);
    expect(r.stdout).toContain('daemon');
    expect(r.stdout).toContain('legend:');
    expect(r.stdout).toContain('leaked: none');
    runIds.push(/run (\S+):/.exec(r.stderr)?.[1] ?? '');
  });

  it('prints the ticket race as it happened: each buyer’s steps and every version of the db file', () => {
    const r = cli('run', 'ticket-race', '--buyers', '3', '--latency-ms', '100', '--hz', '10');
    expect(r.status).toBe(0);
    runIds.push(/run (\S+):/.exec(r.stderr)?.[1] ?? '');
    const lines = r.stdout.split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    // The stock is the first version the lab read of the file.
    expect(lines.find((l) => / file db\.json = /.test(l))).toMatch(/^\d+ ms +file db\.json = \{"count":1\}$/);
    // Each buyer's own steps, in its order (times from one clock: the buyer's).
    for (const b of ['buyer-1', 'buyer-2', 'buyer-3']) {
      const search = at(new RegExp(`^\\d+ ms +${b}: search [01]$`));
      const read = at(new RegExp(`^\\d+ ms +${b}: read [01]$`));
      const end = at(new RegExp(`^\\d+ ms +${b}: (wrote 0|sold-out)$`));
      expect([search > -1, search < read, read < end]).toEqual([true, true, true]);
    }
    // Every write is a version the lab read: as many `file` lines after the stock as writes.
    const writes = lines.filter((l) => / buyer-\d: wrote /.test(l)).length;
    expect(writes).toBeGreaterThan(0);
    expect(lines.filter((l) => / file db\.json = /.test(l)).length).toBeLessThanOrEqual(1 + writes);
    expect(r.stdout).toContain('leaked: none');
  });

  it.each([
    [['run', 'join', '--durations', 'abc']],
    [['run', 'join', '--durations', '-1']],
    [['run', 'join', '--time-scale', '0']],
    [['run', 'join', '--hz', '1000']],
    [['run', 'join', '--bogus']],
    [['run', 'nope']],
    [['run', 'zombie', '--end', 'sometimes']],
    [['frobnicate']],
  ])('%j: one line on stderr, exit 2, nothing started', (args) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^process-lab: /);
    // Nothing started: no run left a pidfile behind, and none is running.
    expect(
      existsSync(join(state, 'process-lab', 'runs')) ? readdirSync(join(state, 'process-lab', 'runs')) : [],
    ).toEqual([]);
  });

  it('ps shows a live lab process as a tree, kill-all ends it', async () => {
    const { child, runId, mainPid: root } = await startCli('observe', '--hz', '5', '--', 'sh', '-c', 'sleep 30');
    await waitFor(() => (findLabPids(runId)?.length ?? 0) >= 2, 'sh and its sleep');
    const ps = cli('ps', '--json');
    expect(ps.status).toBe(0);
    const rows = JSON.parse(ps.stdout) as Array<{ pid: number; ppid: number; name: string }>;
    const sh = rows.find((r) => r.pid === root);
    expect(sh?.name).toBe('sh');
    expect(rows.some((r) => r.ppid === root && r.name === 'sleep')).toBe(true);
    const tree = cli('ps');
    expect(tree.stdout).toMatch(new RegExp(`^\\s+\\d+ \\w sleep`, 'm'));
    const k = cli('kill-all');
    expect(k.status).toBe(0);
    expect(k.stdout).toMatch(/^ended \d+ lab process/);
    await waitFor(() => findLabPids(runId)?.length === 0, 'kill-all to end the run');
    child.kill('SIGKILL');
  });

  it('--help works for each command', () => {
    const r = cli('run', 'join', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--durations');
    expect(r.stdout).toContain('--time-scale');
  });

  it('a kill -9 of the CLI mid-run leaves no lab process behind', async () => {
    // The orphan experiment with a long-lived child: main and its child are both alive for 30 s.
    const args = ['run', 'orphan', '--child-ms', '30000', '--parent-ms', '30000', '--hz', '10'];
    const { child, runId } = await startCli(...args);
    await waitFor(() => (findLabPids(runId)?.length ?? 0) >= 2, 'main and its child', 10_000);
    child.kill('SIGKILL');
    await waitFor(() => findLabPids(runId)?.length === 0, 'every lab process to end', 5000);
  });

  it('a kill -9 of the CLI while main is parked (zombie experiment) leaves nothing behind', async () => {
    const { child, mainPid, runId } = await startCli(
      'run',
      'zombie',
      '--end',
      'none',
      '--hold-ms',
      '60000',
      '--hz',
      '10',
    );
    // The parked main's children are zombies (their environ reads empty): wait for 3 Z children.
    await waitFor(
      () => {
        try {
          const kids = spawnSync('ps', ['-o', 'stat=', '--ppid', String(mainPid)], { encoding: 'utf8' }).stdout;
          return kids.split('\n').filter((s) => s.startsWith('Z')).length === 3;
        } catch {
          return false;
        }
      },
      'three zombies',
      10_000,
    );
    child.kill('SIGKILL');
    await waitFor(() => findLabPids(runId)?.length === 0, 'every lab process to end', 5000);
  });
});
