/**
 * The sample-vs-record diff, pure: what one sampler reading of a process changes in the run's
 * record of it, and which events say so. No I/O: a process's name comes from the caller's
 * lookup, so the same inputs always give the same record and events (tests/…/diff.test.ts).
 */
import type { LabEventDraft } from '../../../../contract/events';
import type { ProcRecord, ProcRole, ProcSample } from '../../../../contract/process';

/** A new record, as a run opens it (a process the lab started, seen for the first time at `t`). */
export function newRecord(
  runId: string,
  pid: number,
  ppid: number,
  name: string,
  role: ProcRole,
  t: number,
): ProcRecord {
  return {
    labId: `${runId}:${pid}`,
    runId,
    pid,
    ppid,
    ppids: [ppid],
    name,
    role,
    startMs: t,
    endMs: null,
    reapedMs: null,
    exitCode: null,
    signal: null,
    pyExitcode: null,
    states: [],
    state: 'R',
    labStarted: true,
    cpu: 0,
    rss: 0,
  };
}

/** The role of a process the sampler found before anyone announced it; null: wait for main's word. */
export function foundRole(s: ProcSample, mainPid: number, mainAnnounces: boolean): ProcRole | null {
  // main announces each child it starts; wait for its word rather than naming it twice.
  if (mainAnnounces && s.ppid === mainPid) return null;
  return s.ppid === mainPid ? 'child' : 'grandchild';
}

/** What the diff may ask about names: the OS's name for the sampled pid now (or null), and any pid's. */
export interface NameLookup {
  /** The sampled process's name as the OS gives it now, when it should be re-read (else null). */
  current: string | null;
  /** A process's name, for the one that adopted the sampled process. */
  nameOf(pid: number): string;
}

/** One diff's result: the record as it now is (a new object), and the events, in order. */
export interface Diff {
  record: ProcRecord;
  events: LabEventDraft[];
}

/** One sample of a recorded process: its name, parent, state and usage, and the events that say what changed. */
export function diffSample(prev: Readonly<ProcRecord>, s: ProcSample, t: number, names: NameLookup): Diff {
  const rec: ProcRecord = { ...prev, ppids: [...prev.ppids], states: [...prev.states] };
  const events: LabEventDraft[] = [];
  if (names.current && names.current !== rec.name) {
    // A tick can catch a process between fork() and exec(), still named after its parent's
    // program (`sh` for a shell's `sleep`): the caller reads the name again while it is young.
    rec.name = names.current;
    events.push({ type: 'renamed', pid: s.pid, name: names.current, t });
  }
  if (rec.state === 'exited') return { record: rec, events };
  const lastPpid = rec.ppids[rec.ppids.length - 1];
  if (lastPpid !== s.ppid) {
    rec.ppids.push(s.ppid);
    events.push({
      type: 'reparented',
      pid: s.pid,
      from: lastPpid ?? rec.ppid,
      to: s.ppid,
      toName: names.nameOf(s.ppid),
      t,
    });
  }
  const before = rec.states[rec.states.length - 1] ?? null;
  if (before !== s.state) {
    if (!rec.states.includes(s.state)) rec.states.push(s.state);
    events.push({ type: 'state-changed', pid: s.pid, from: before, to: s.state, t });
  }
  rec.state = s.state;
  // A zombie runs nothing: its smoothed figure would only be a decaying average of its past.
  rec.cpu = s.state === 'Z' || s.state === 'X' ? null : s.cpu;
  if (s.cpuMs !== undefined) rec.cpuMs = s.cpuMs;
  rec.rss = s.rss;
  if (s.state === 'Z' && rec.endMs === null) {
    // A zombie has exited; only its status is left, waiting for a wait().
    rec.endMs = t;
    events.push({ type: 'exited', pid: s.pid, exitCode: null, signal: null, pyExitcode: null, t });
  }
  return { record: rec, events };
}

/**
 * A recorded process the tick no longer found, for the `misses`-th tick in a row. A parent's
 * "I reaped it" message can trail the tick that no longer finds the pid: it is given one more
 * tick (unless the run has finished) before it is called vanished. Null: nothing changes.
 */
export function diffMissing(
  prev: Readonly<ProcRecord>,
  misses: number,
  finished: boolean,
  t: number,
  nameOf: (pid: number) => string,
): Diff | null {
  if (prev.state === 'exited') return null;
  if (misses < 2 && !finished) return null;
  const rec: ProcRecord = { ...prev, ppids: [...prev.ppids], states: [...prev.states] };
  const events: LabEventDraft[] = [];
  const adopter = rec.ppids[rec.ppids.length - 1] ?? rec.ppid;
  if (rec.endMs === null) rec.endMs = t;
  rec.state = 'exited';
  // A zombie that vanished was reaped by whoever was its parent last.
  if (prev.state === 'Z') {
    rec.reapedMs = t;
    events.push({ type: 'reaped', pid: prev.pid, by: adopter, byName: nameOf(adopter), t });
  }
  events.push({ type: 'vanished', pid: prev.pid, t });
  return { record: rec, events };
}
