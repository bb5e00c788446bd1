/**
 * The sweep can only end the lab's own: hostile pidfiles naming real, unrelated processes (our
 * own bystander `sleep`s, started WITHOUT `PROCESS_LAB_RUN`) leave them alive; malformed files
 * are set aside with a warning instead of stopping the sweep. Pid 1 and this process are only
 * ever named in dry runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parentAndGroup, protectedPids } from '../../../../main/lab/host/sweep-guard';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { PidFiles, SET_ASIDE_SUFFIX } from '../../../../main/lab/host/pidfile';
import { createBackend } from '../../../../main/lab/host/sampler';
import { labSupervisor } from '../../../helpers/lab';
import { waitFor } from '../../../helpers/wait';

const LINUX = process.platform === 'linux';

/** A detached `sleep` (its own group). `runId` tags it like a lab process; without, a bystander. */
async function sleeper(runId?: string): Promise<{ pid: number; startTime: number }> {
  const env = { ...process.env };
  delete env.PROCESS_LAB_RUN;
  if (runId) env.PROCESS_LAB_RUN = runId;
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore', env });
  child.unref();
  const pid = child.pid!;
  const backend = createBackend('auto');
  const seen = await backend.sample([pid], new Map());
  backend.close();
  return { pid, startTime: seen.get(pid)!.startTime };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return parentAndGroup(pid) !== null;
  } catch {
    return false;
  }
};

function end(...pids: number[]): void {
  for (const pid of pids)
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
}

function writeRaw(dir: string, name: string, body: unknown): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body), { mode: 0o600 });
}

describe.runIf(LINUX)('sweep against hostile pidfiles', () => {
  it('a pidfile naming a bystander (right start time) and another bystander group kills neither', async () => {
    const sup = labSupervisor();
    const a = await sleeper();
    const b = await sleeper();
    try {
      writeRaw(sup.pidfiles.dir, 'x.json', { runId: 'x', pid: a.pid, startTime: a.startTime, pgid: b.pid });
      writeRaw(sup.pidfiles.dir, 'y.json', { runId: 'y', pid: a.pid, startTime: a.startTime, pgid: null });
      writeRaw(sup.pidfiles.dir, 'z.json', { runId: 'z', pid: b.pid, startTime: b.startTime, pgid: b.pid });
      expect(await sup.sweep({ force: true })).toEqual([]);
      expect(alive(a.pid)).toBe(true);
      expect(alive(b.pid)).toBe(true);
    } finally {
      end(a.pid, b.pid);
    }
  });

  it("a real lab leftover pointing at a bystander's group: the leftover dies, the group lives", async () => {
    const sup = labSupervisor();
    const runId = `lead-${process.pid}`;
    const lab = await sleeper(runId);
    const b = await sleeper();
    try {
      sup.pidfiles.add({ runId, pid: lab.pid, startTime: lab.startTime, pgid: b.pid });
      const killed = await sup.sweep({ force: true });
      expect(killed).toEqual([lab.pid]);
      await waitFor(() => !alive(lab.pid), 'the leftover to die');
      expect(alive(b.pid)).toBe(true);
    } finally {
      end(lab.pid, b.pid);
    }
  });

  it('pid 1, pgid 1, this process and its parent are never targets (dry run)', async () => {
    const sup = labSupervisor();
    const self = (await createBackend('auto').sample([process.pid], new Map())).get(process.pid)!;
    const hostile = [
      { runId: 'init', pid: 1, startTime: 0, pgid: 1 },
      { runId: 'selfish', pid: process.pid, startTime: self.startTime, pgid: process.pid },
      { runId: 'parent', pid: process.ppid, startTime: 0, pgid: null },
    ];
    for (const h of hostile) writeRaw(sup.pidfiles.dir, `${h.runId}.json`, h);
    const warnings: string[] = [];
    const files = new PidFiles(join(sup.pidfiles.dir, '..'), (m) => warnings.push(m));
    expect(await sup.sweep({ force: true, dryRun: true })).toEqual([]);
    for (const pid of [0, 1, process.pid, process.ppid]) expect(protectedPids().has(pid)).toBe(true);
    // pid 1 / pgid 1 do not even pass the schema: set aside with a reason.
    files.list();
    expect(readdirSync(sup.pidfiles.dir).filter((n) => n.endsWith(SET_ASIDE_SUFFIX)).length).toBeGreaterThan(0);
  });

  it('malformed, linked, FIFO, directory and huge pidfiles are set aside, the sweep goes on fast', async () => {
    const warnings: string[] = [];
    const sup = labSupervisor();
    const files = sup.pidfiles;
    const dir = files.dir;
    const runId = `real-${process.pid}`;
    const lab = await sleeper(runId);
    try {
      files.add({ runId, pid: lab.pid, startTime: lab.startTime, pgid: lab.pid });
      writeRaw(dir, 'evil.json', { runId: '../../evil', pid: 123, startTime: 1, pgid: null });
      writeRaw(dir, 'other.json', { runId, pid: 123, startTime: 1, pgid: null });
      writeRaw(dir, 'broken.json', '{"runId":');
      writeRaw(dir, 'proto.json', '{"__proto__":{"x":1},"runId":"proto","pid":5,"startTime":1,"pgid":null}');
      writeRaw(dir, 'huge.json', 'x'.repeat(1 << 20));
      mkdirSync(join(dir, 'd.json'));
      symlinkSync('/dev/zero', join(dir, 'zero.json'));
      expect(spawnSync('mkfifo', [join(dir, 'fifo.json')]).status).toBe(0);
      const t0 = Date.now();
      const hostile = new PidFiles(join(dir, '..'), (m) => warnings.push(m));
      expect(hostile.list().map((e) => e.runId)).toEqual([runId]);
      expect(warnings).toHaveLength(8);
      for (const w of warnings) expect(w).toMatch(/set aside, not trusted/);
      expect(warnings.join('\n')).toMatch(/FIFO/);
      expect(warnings.join('\n')).toMatch(/symbolic link/);
      expect(warnings.join('\n')).toMatch(/directory/);
      expect(warnings.join('\n')).toMatch(/too large/);
      // Set aside once: the next list is silent.
      expect(hostile.list()).toHaveLength(1);
      expect(warnings).toHaveLength(8);
      expect(await sup.sweep({ force: true })).toContain(lab.pid);
      expect(Date.now() - t0).toBeLessThan(3000);
      await waitFor(() => findLabPids(runId)?.length === 0, 'the real leftover to die');
      expect(existsSync(join(dir, `${runId}.json`))).toBe(false);
    } finally {
      end(lab.pid);
    }
  });

  it('the folder and files are private, and a folder owned by someone else is refused', async () => {
    const sup = labSupervisor();
    const runId = `mode-${process.pid}`;
    sup.pidfiles.add({ runId, pid: 4242, startTime: 1, pgid: null });
    const { statSync, chownSync } = await import('node:fs');
    expect(statSync(sup.pidfiles.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(sup.pidfiles.dir, `${runId}.json`)).mode & 0o777).toBe(0o600);
    if (process.getuid?.() !== 0) return; // Only root can give the folder away.
    const warnings: string[] = [];
    const files = new PidFiles(join(sup.pidfiles.dir, '..'), (m) => warnings.push(m));
    chownSync(sup.pidfiles.dir, 65534, 65534);
    expect(files.list()).toEqual([]);
    expect(warnings.join('\n')).toMatch(/owned by uid 65534.*refused/);
    chownSync(sup.pidfiles.dir, 0, 0);
    chownSync(join(sup.pidfiles.dir, `${runId}.json`), 65534, 65534);
    expect(files.list()).toEqual([]);
    expect(warnings.join('\n')).toMatch(/set aside.*owned by uid 65534/);
  });
});
