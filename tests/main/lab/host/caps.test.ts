/**
 * Caps, with clear errors and nothing started: runs at once (`busy`), a run's expected length,
 * children at once by kind (from free memory), lab processes in total.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_CONCURRENT_RUNS,
  MAX_TOTAL_PROCESSES,
  checkExperimentCaps,
  processCaps,
} from '../../../../main/lab/host/caps';
import { LabError } from '../../../../main/lab/common/errors';
import { findLabPids } from '../../../../main/lab/host/os-probe';
import { labSupervisor } from '../../../helpers/lab';

const GiB = 2 ** 30;

describe('caps', () => {
  it('a fifth run at once is refused with busy; one more is allowed once a run ends', async () => {
    const sup = labSupervisor();
    const runs = Array.from({ length: MAX_CONCURRENT_RUNS }, () => sup.observe('sleep', ['30'], { hz: 5 }));
    try {
      const err = (() => {
        try {
          sup.start('join', { durations: [0.05], hz: 10 });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).code).toBe('busy');
      expect((err as LabError).message).toMatch(/at most 4 at once/);
      expect(() => sup.observe('sleep', ['1'])).toThrow(/at most 4 at once/);
      expect(sup.activeRuns()).toHaveLength(MAX_CONCURRENT_RUNS);
      runs[0]!.stop();
      await runs[0]!.done;
      const next = sup.start('join', { durations: [0.05], hz: 10 });
      expect((await next.done).error).toBeNull();
    } finally {
      await sup.killAll();
    }
    for (const r of runs) expect(findLabPids(r.runId)).toEqual([]);
  });

  it('refuses a run expected to last over 10 minutes, and too many children of each kind, starting nothing', () => {
    const sup = labSupervisor();
    const started: string[] = [];
    sup.on('run-started', (r) => started.push(r.runId));
    const long = { mode: 'serial', buyers: 50, repeat: 50, latencyMs: 10_000, timeScale: 10 };
    expect(() => sup.start('ticket-race', long)).toThrow(/would take about \d+ min: at most 10 min/);
    expect(() => sup.start('zombie', { children: 2000 })).toThrow(/2001 Node children at once: at most \d+/);
    expect(() => sup.start('zombie', { children: 2000, pileUp: true })).toThrow(/2000 small children at once/);
    expect(started).toEqual([]);
  });

  it('per-run caps follow free memory, Node children always fewer than native ones', () => {
    for (const free of [0, 1 * GiB, 4 * GiB, 64 * GiB]) {
      const c = processCaps(free);
      expect(c.node).toBeLessThan(c.native);
      expect(c.node).toBeGreaterThanOrEqual(16);
    }
    expect(processCaps(0)).toMatchObject({ node: 16, native: 64 });
    expect(processCaps(2 * GiB)).toMatchObject({ node: 21, native: 512 });
    expect(processCaps(64 * GiB)).toMatchObject({ node: 64, native: 1000 });
    // Tight memory: the default ticket race (15 buyers) still runs, a 50-buyer one does not.
    const tight = processCaps(1 * GiB);
    const state = { activeRuns: 0, liveProcesses: 0 };
    expect(() => checkExperimentCaps('ticket-race', { buyers: 15 }, 5000, state, tight)).not.toThrow();
    expect(() => checkExperimentCaps('ticket-race', { buyers: 50 }, 5000, state, tight)).toThrow(/50 Node children/);
  });

  it('the total of lab processes alive across runs is capped', () => {
    const full = { activeRuns: 1, liveProcesses: MAX_TOTAL_PROCESSES - 10 };
    const caps = processCaps(64 * GiB);
    expect(() => checkExperimentCaps('join', { durations: [1, 1] }, 1000, full, caps)).not.toThrow();
    const err = (() => {
      try {
        checkExperimentCaps('zombie', { children: 500, pileUp: true }, 1000, full, caps);
      } catch (e) {
        return e as LabError;
      }
    })();
    expect(err?.code).toBe('busy');
    expect(err?.message).toMatch(/at most 1200 across all runs/);
  });
});
