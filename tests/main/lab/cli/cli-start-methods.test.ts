/**
 * The lecture's zombie program under each start method, through the real CLI and the real
 * python3, read with the view's own comparison functions (renderer/src/lib/start-compare.ts,
 * pure): under fork and spawn the child's parent is the script, under forkserver it is the
 * forkserver process, and a zombie stands under the script only where the script is the parent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../../contract/report';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { childParent, compareTree, scriptOf, zombiesUnderScript } from '../../../../renderer/src/lib/start-compare';
import { startMethods } from '../python/traced';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const state = mkdtempSync(join(tmpdir(), 'clism-state-'));
/** The CLI's temp folder: the run folder and its trace socket go here, and must be gone after. */
const cliTmp = mkdtempSync(join(tmpdir(), 'clism-tmp-'));
const env = { ...process.env, XDG_STATE_HOME: state, TMPDIR: cliTmp };
const runIds: string[] = [];

afterAll(() => {
  for (const d of [state, cliTmp]) rmSync(d, { recursive: true, force: true });
  expect(runIds.flatMap((id) => findLabPids(id) ?? [])).toEqual([]);
});

function run(method: string): Promise<RunReport> {
  return new Promise((res, rej) => {
    // The lecture sleeps 3 s before join(): scaled to 0.75 s, room for several 20 Hz ticks to see a Z.
    const args = ['run', 'zombie', '--python', '--start-method', method, '--time-scale', '0.25', '--hz', '20'];
    const child = spawn(process.execPath, [CLI, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (status) => {
      if (status !== 0 || err !== '') return rej(new Error(`cli exited ${status}: ${err}`));
      const r = JSON.parse(out) as RunReport;
      runIds.push(r.runId);
      res(r);
    });
  });
}

const methods = await startMethods();

describe('the zombie lecture program under each start method', () => {
  it.skipIf(!methods.includes('forkserver') || !methods.includes('fork'))(
    'fork: the script is the parent and its zombie; forkserver: the forkserver is, and reaps it',
    { timeout: 90_000 },
    async () => {
      // One after the other, as the view's comparison runs them.
      const reports: Record<string, RunReport> = {};
      for (const m of ['fork', 'spawn', 'forkserver'].filter((x) => methods.includes(x as never)))
        reports[m] = await run(m);
      expect(readdirSync(cliTmp)).toEqual([]);
      for (const [m, r] of Object.entries(reports)) {
        expect(r.python?.startMethod).toBe(m);
        expect([r.stopped, r.error, r.leaked]).toEqual([false, null, []]);
      }

      const fork = reports.fork!;
      const forkMain = scriptOf(fork)!;
      const forkChild = fork.processes.find((p) => p.name === 'Process-1')!;
      expect(forkChild.ppids[0]).toBe(forkMain.pid);
      expect(childParent(fork)).toMatchObject({ value: 'main', pid: forkMain.pid, n: 1 });
      // The child ended during main's sleep: a zombie under the script until join() waited.
      expect(zombiesUnderScript(fork)).toEqual({
        zombies: [forkChild.pid],
        reaper: { pid: forkMain.pid, name: 'MainProcess' },
      });

      const fs = reports.forkserver!;
      const fsMain = scriptOf(fs)!;
      const server = fs.processes.find((p) => p.role === 'forkserver')!;
      const fsChild = fs.processes.find((p) => p.name === 'Process-1')!;
      // The forkserver is the script's child; the lecture's child is the forkserver's, not the script's.
      expect(server.ppids[0]).toBe(fsMain.pid);
      expect(fsChild.ppids[0]).toBe(server.pid);
      expect(fsChild.ppids[0]).not.toBe(fsMain.pid);
      expect(childParent(fs)).toMatchObject({ value: 'forkserver', pid: server.pid, name: 'forkserver' });
      // The forkserver reaps its children itself: no zombie ever stands under the script.
      expect(zombiesUnderScript(fs)).toEqual({ zombies: [], reaper: { pid: server.pid, name: 'forkserver' } });
      // The view's tree: main → forkserver → Process-1 (resource_tracker beside the forkserver).
      const [root] = compareTree(fs);
      expect(root!.pid).toBe(fsMain.pid);
      const fsNode = root!.children.find((n) => n.role === 'forkserver')!;
      expect(fsNode.children.map((n) => n.name)).toEqual(['Process-1']);
      expect(root!.children.map((n) => n.role).sort()).toEqual(['forkserver', 'resource-tracker']);

      if (reports.spawn) {
        // spawn starts a fresh interpreter, but as the script's own child.
        expect(childParent(reports.spawn)).toMatchObject({ value: 'main', pid: scriptOf(reports.spawn)!.pid });
      }
    },
  );
});
