/**
 * Fuzz through the door (fast-check): ≥ 1,000 generated hostile payloads per call channel, plus
 * hostile channel names. Every one is refused with a typed error, no run is started, no process
 * is signalled (our bystander `sleep`s, named as targets, survive), and the engine is healthy
 * after (a real run through the same door ends cleanly). Then hostile pidfiles and settings
 * files, generated the same way.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, LAB_ERROR_CODES, LAB_METHODS, CALL_CHANNELS } from '../../../../contract/ipc';
import { SettingsSchema } from '../../../../contract/requests';
import { createDoor } from '../../../../main/lab/host/door';
import { SettingsStore } from '../../../../main/settings';
import { CASES_PER_CHANNEL, hostileCases, hostileChannels } from '../../../helpers/hostile-payloads';
import { labSupervisor } from '../../../helpers/lab';

const OURS = { id: 'main-frame' };
const bystanders = Array.from({ length: 3 }, () => {
  const env = { ...process.env };
  delete env.PROCESS_LAB_RUN;
  return spawn('sleep', ['120'], { stdio: 'ignore', detached: true, env });
});
const dir = mkdtempSync(join(tmpdir(), 'process-lab-fuzz-'));
afterAll(() => {
  for (const b of bystanders) b.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const alive = (): boolean => bystanders.every((b) => b.exitCode === null && b.signalCode === null);

describe('fuzz: the door', () => {
  it(`refuses ${CASES_PER_CHANNEL} hostile payloads per channel, starts and signals nothing, stays healthy`, async () => {
    const supervisor = labSupervisor();
    const started: string[] = [];
    supervisor.on('run-started', (r) => started.push(r.runId));
    const settings = new SettingsStore(null);
    const door = createDoor({ supervisor, isTrustedSender: (s) => s === OURS, settings, log: () => undefined });
    const counts: Record<string, number> = {};
    const codes = new Set<string>();
    for (const [method, cases] of hostileCases(bystanders.map((b) => b.pid!))) {
      for (const args of cases) {
        const r = await door.handle(OURS, CALL_CHANNELS[method], args);
        expect(r.ok, `${method} ${String(JSON.stringify(args)).slice(0, 200)}`).toBe(false);
        if (!r.ok) {
          expect(LAB_ERROR_CODES).toContain(r.error.code);
          codes.add(r.error.code);
        }
      }
      counts[method] = cases.length;
    }
    for (const channel of hostileChannels(CASES_PER_CHANNEL)) {
      const r = await door.handle(OURS, channel, []);
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
    // A trusted channel from a stranger is refused before anything else.
    expect(await door.handle({ id: 'other' }, CALL_CHANNELS.killAll, [])).toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    for (const m of LAB_METHODS) expect(counts[m]).toBe(CASES_PER_CHANNEL);
    console.log(`door fuzz: ${JSON.stringify(counts)} + ${CASES_PER_CHANNEL} channels; codes ${[...codes].join(',')}`);
    expect(started).toEqual([]);
    expect(alive()).toBe(true);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    // Healthy after: a real run through the same door.
    const ok = await door.handle(OURS, CALL_CHANNELS.runExperiment, ['join', { durations: [0.05], hz: 10 }]);
    expect(ok.ok).toBe(true);
    await Promise.all(supervisor.activeRuns().map((r) => r.done));
    door.dispose();
  }, 60_000);

  it('hostile pidfiles (generated) never signal a bystander and never stop the sweep', async () => {
    const supervisor = labSupervisor();
    const pids = bystanders.map((b) => b.pid!);
    const entry = fc.oneof(
      fc.record({
        runId: fc.oneof(fc.stringMatching(/^[\w-]{1,20}$/), fc.string({ maxLength: 30 })),
        pid: fc.oneof(fc.constantFrom(...pids), fc.constantFrom(-1, 0, 1.5, NaN, '2')),
        startTime: fc.oneof(fc.double(), fc.constant(0)),
        pgid: fc.oneof(fc.constantFrom(...pids), fc.constantFrom(null, -1, 0, 1, 2 ** 40)),
        supervisor: fc.option(fc.record({ pid: fc.integer(), startTime: fc.double() }), { nil: undefined }),
      }),
      fc.anything({ maxDepth: 2 }),
    );
    const contents = fc.sample(
      fc.oneof(
        entry.map((e) => JSON.stringify(e) ?? 'undefined'),
        fc.string({ maxLength: 200 }),
        fc.constant('{"__proto__":{"pid":2},"runId":"p"}'),
      ),
      { numRuns: 300, seed: 7 },
    );
    mkdirSync(supervisor.pidfiles.dir, { recursive: true, mode: 0o700 });
    const warnings: string[] = [];
    const origWarn = console.warn;
    console.warn = (m: string) => void warnings.push(m);
    try {
      for (let i = 0; i < contents.length; i += 50) {
        contents.slice(i, i + 50).forEach((c, j) => writeFileSync(join(supervisor.pidfiles.dir, `f${i + j}.json`), c));
        await expect(supervisor.sweep({ force: true })).resolves.toEqual([]);
        expect(alive()).toBe(true);
      }
    } finally {
      console.warn = origWarn;
    }
    expect(supervisor.pidfiles.list()).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('hostile settings files (generated) give valid settings, never a throw', () => {
    const contents = fc.sample(
      fc.oneof(
        fc.json(),
        fc.string({ maxLength: 200 }),
        fc
          .record({ keepInTray: fc.anything({ maxDepth: 1 }), language: fc.anything({ maxDepth: 1 }) })
          .map((r) => JSON.stringify(r)),
        fc.constant('{"__proto__":{"keepInTray":false}}'),
      ),
      { numRuns: 1000, seed: 9 },
    );
    let defaults = 0;
    contents.forEach((c, i) => {
      const file = join(dir, `s${i}.json`);
      writeFileSync(file, c ?? '');
      const got = new SettingsStore(file, () => undefined).get();
      expect(SettingsSchema.safeParse(got).success).toBe(true);
      if (JSON.stringify(got) === JSON.stringify(DEFAULT_SETTINGS)) defaults++;
    });
    expect(defaults).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).keepInTray).toBeUndefined();
  });
});
