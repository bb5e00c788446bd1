/**
 * The sample-vs-record diff (main/lab/host/run/diff.ts), as a pure function: given a record
 * and a sample, the record it becomes and the events, in order; the input is left as it was.
 */
import { describe, expect, it } from 'vitest';
import type { ProcRecord, ProcSample } from '../../../../../contract/process';
import { diffMissing, diffSample, foundRole, newRecord } from '../../../../../main/lab/host/run/diff';

const sample = (over: Partial<ProcSample> = {}): ProcSample => ({
  pid: 200,
  ppid: 100,
  state: 'S',
  cpu: 1.5,
  rss: 4096,
  startTime: 1_000,
  ...over,
});
const names = (current: string | null = null) => ({ current, nameOf: (pid: number) => `name-of-${pid}` });
const seen = (over: Partial<ProcRecord> = {}): ProcRecord => ({
  ...newRecord('r1', 200, 100, 'sh', 'child', 5),
  states: ['S'],
  state: 'S',
  ...over,
});

describe('newRecord and foundRole', () => {
  it('opens a live record of the run, with its parent as the first ppid', () => {
    const rec = newRecord('r1', 200, 100, 'sleep', 'grandchild', 12);
    expect(rec).toMatchObject({ labId: 'r1:200', runId: 'r1', pid: 200, ppids: [100], startMs: 12, endMs: null });
    expect(rec).toMatchObject({ state: 'R', states: [], exitCode: null, labStarted: true });
  });

  it("waits for main's word on main's own children, names other finds by their parent", () => {
    expect(foundRole(sample({ ppid: 100 }), 100, true)).toBeNull();
    expect(foundRole(sample({ ppid: 100 }), 100, false)).toBe('child');
    expect(foundRole(sample({ ppid: 150 }), 100, true)).toBe('grandchild');
  });
});

describe('diffSample', () => {
  it('a first sample: state-changed from null, usage copied, nothing else', () => {
    const prev = newRecord('r1', 200, 100, 'sh', 'child', 5);
    const { record, events } = diffSample(prev, sample({ cpuMs: 30 }), 50, names());
    expect(events).toEqual([{ type: 'state-changed', pid: 200, from: null, to: 'S', t: 50 }]);
    expect(record).toMatchObject({ state: 'S', states: ['S'], cpu: 1.5, cpuMs: 30, rss: 4096, endMs: null });
    // Pure: the record passed in is not changed.
    expect(prev.state).toBe('R');
    expect(prev.states).toEqual([]);
  });

  it('the same state again: no event', () => {
    expect(diffSample(seen(), sample(), 60, names()).events).toEqual([]);
  });

  it('a new name (exec after fork): renamed first', () => {
    const { record, events } = diffSample(seen(), sample({ state: 'R' }), 70, names('sleep'));
    expect(events.map((e) => e.type)).toEqual(['renamed', 'state-changed']);
    expect(events[0]).toEqual({ type: 'renamed', pid: 200, name: 'sleep', t: 70 });
    expect(record.name).toBe('sleep');
    // A state seen before is not listed twice; a new one is added once.
    expect(record.states).toEqual(['S', 'R']);
  });

  it('a new parent (the kernel handed an orphan over): reparented, with the adopter named', () => {
    const { record, events } = diffSample(seen(), sample({ ppid: 1 }), 80, names());
    expect(events).toEqual([{ type: 'reparented', pid: 200, from: 100, to: 1, toName: 'name-of-1', t: 80 }]);
    expect(record.ppids).toEqual([100, 1]);
  });

  it('a zombie: state Z, and exited at once (only its status is left), with no exit status yet', () => {
    const { record, events } = diffSample(seen(), sample({ state: 'Z' }), 90, names());
    expect(events).toEqual([
      { type: 'state-changed', pid: 200, from: 'S', to: 'Z', t: 90 },
      { type: 'exited', pid: 200, exitCode: null, signal: null, pyExitcode: null, t: 90 },
    ]);
    expect(record).toMatchObject({ state: 'Z', endMs: 90 });
    // Still a zombie on the next tick: no second exit.
    expect(diffSample(record, sample({ state: 'Z' }), 95, names()).events).toEqual([]);
  });

  it('a record already closed takes a new name, nothing else', () => {
    const closed = seen({ state: 'exited', endMs: 40 });
    const { record, events } = diffSample(closed, sample({ state: 'R', ppid: 1 }), 99, names('sleep'));
    expect(events.map((e) => e.type)).toEqual(['renamed']);
    expect(record).toMatchObject({ state: 'exited', ppids: [100] });
  });
});

describe('diffMissing', () => {
  it('gives a missing process one more tick before calling it vanished', () => {
    expect(diffMissing(seen(), 1, false, 100, () => 'x')).toBeNull();
    const { record, events } = diffMissing(seen(), 2, false, 110, () => 'x')!;
    expect(events).toEqual([{ type: 'vanished', pid: 200, t: 110 }]);
    expect(record).toMatchObject({ state: 'exited', endMs: 110 });
  });

  it('at the end of the run, at the first miss', () => {
    expect(diffMissing(seen(), 1, true, 100, () => 'x')?.events.map((e) => e.type)).toEqual(['vanished']);
  });

  it('a zombie that vanished was reaped by its last parent; its exit time stays', () => {
    const zombie = seen({ state: 'Z', endMs: 90, ppids: [100, 1] });
    const { record, events } = diffMissing(zombie, 2, false, 120, (pid) => `name-of-${pid}`)!;
    expect(events).toEqual([
      { type: 'reaped', pid: 200, by: 1, byName: 'name-of-1', t: 120 },
      { type: 'vanished', pid: 200, t: 120 },
    ]);
    expect(record.endMs).toBe(90);
  });

  it('a closed record: nothing', () => {
    expect(diffMissing(seen({ state: 'exited', endMs: 3 }), 5, true, 100, () => 'x')).toBeNull();
  });
});
