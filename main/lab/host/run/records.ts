/**
 * A run's records: one per process, opened when main announces it or the sampler finds it,
 * changed by each sample through the pure diff (./diff.ts), closed when it exits, is reaped or
 * vanishes. Every change is said by an event, through `emit`, in order.
 */
import type { LabEvent, LabEventDraft } from '../../../../contract/events';
import type { ProcRecord, ProcRole, ProcSample } from '../../../../contract/process';
import { pyExitcode } from '../../common/signals';
import type { SampleTargets } from '../sampler/sampler';
import { diffMissing, diffSample, foundRole, newRecord, type Diff } from './diff';
import { Names, placeholderName } from './names';
import { usageSamples } from './usage-log';

/** How long after discovery a process's name is re-read (exec() follows fork() quickly). */
const RENAME_WINDOW_MS = 1000;

export class RunRecords {
  readonly #byPid = new Map<number, ProcRecord>();
  readonly #startTimes = new Map<number, number>();
  readonly #missing = new Map<number, number>();
  /** Pids whose name the lab read from the OS (not announced by main), see {@link apply}. */
  readonly #namedByOs = new Set<number>();
  readonly #names = new Names();

  constructor(
    private readonly runId: string,
    private readonly mainPid: number,
    /** Whether main announces its children (an experiment) or not (an observed program). */
    private readonly mainAnnounces: boolean,
    private readonly emit: (e: LabEventDraft) => void,
  ) {}

  /** How many processes have been recorded. */
  get size(): number {
    return this.#byPid.size;
  }

  all(): ProcRecord[] {
    return [...this.#byPid.values()];
  }

  get(pid: number): ProcRecord | undefined {
    return this.#byPid.get(pid);
  }

  has(pid: number): boolean {
    return this.#byPid.has(pid);
  }

  /** The start time first sampled for `pid`, used to tell it from a later process reusing the pid. */
  startTimeOf(pid: number): number | undefined {
    return this.#startTimes.get(pid);
  }

  /** Every pid ever sampled, with its first start time. */
  startTimes(): ReadonlyMap<number, number> {
    return this.#startTimes;
  }

  /** Pids of the processes not known to have ended. */
  live(): number[] {
    return this.all()
      .filter((r) => r.endMs === null)
      .map((r) => r.pid);
  }

  /** Whether every process recorded has ended and left the table. */
  allEnded(): boolean {
    return this.all().every((r) => r.endMs !== null && r.state === 'exited');
  }

  /** Opens a record (a process the lab started, first seen at `t`). */
  add(pid: number, ppid: number, name: string, role: ProcRole, t: number, firstParentUnknown = false): ProcRecord {
    const rec = newRecord(this.runId, pid, ppid, name, role, t);
    if (firstParentUnknown) rec.firstParentUnknown = true;
    this.#byPid.set(pid, rec);
    this.emit({
      type: 'spawned',
      pid,
      ppid,
      name,
      role,
      labStarted: true,
      t,
      ...(firstParentUnknown ? { firstParentUnknown: true as const } : {}),
    });
    return rec;
  }

  /** Main announced a child: a new record, or main's word for the name and role of one sampled first. */
  announce(pid: number, ppid: number, name: string, role: ProcRole, t: number): void {
    const known = this.#byPid.get(pid);
    if (!known) this.add(pid, ppid, name, role, t);
    else {
      // Met already adopted, but main named its real parent: the story starts there.
      const realParent = known.firstParentUnknown === true && ppid !== known.ppids[0];
      if (realParent) {
        known.ppids.unshift(ppid);
        known.firstParentUnknown = false;
      }
      if (known.name !== name || known.role !== role || realParent) {
        known.name = name;
        known.role = role;
        this.emit({ type: 'identified', pid, name, role, t, ...(realParent ? { ppid } : {}) });
      }
    }
  }

  /**
   * A process said who it is (a traced Python process: `Process-1`, the forkserver): a new
   * record if the sampler has not found it yet, else its name and role now, said by `renamed`.
   * From then on the OS's name does not replace it.
   */
  name(pid: number, ppid: number, name: string, role: ProcRole, t: number): void {
    this.#namedByOs.delete(pid);
    const known = this.#byPid.get(pid);
    if (!known) {
      this.add(pid, ppid, name, role, t);
      return;
    }
    if (known.name === name && known.role === role) return;
    known.name = name;
    known.role = role;
    this.emit({ type: 'renamed', pid, name, role, t });
  }

  /** A parent collected `pid`'s exit status: it has exited (if not seen already) and is reaped. */
  markExit(pid: number, code: number | null, signal: string | null, t: number, by: number, byName: string): void {
    const rec = this.#byPid.get(pid);
    if (!rec) return;
    rec.exitCode = code;
    rec.signal = signal;
    rec.pyExitcode = pyExitcode(code, signal);
    if (rec.endMs === null) {
      rec.endMs = t;
      this.emit({ type: 'exited', pid, exitCode: code, signal, pyExitcode: rec.pyExitcode, t });
    }
    rec.state = 'exited';
    rec.reapedMs = t;
    this.emit({ type: 'reaped', pid, by, byName, exitCode: code, signal, pyExitcode: rec.pyExitcode, t });
  }

  /** What the next tick samples: every live process (and `extra` roots), and those followed so far. */
  targets(extra: readonly number[] = []): SampleTargets {
    // Every live process is a root: descendants of an orphan or a daemon are found too.
    const roots = [...this.live(), ...extra.filter((pid) => !this.#byPid.has(pid))];
    const known = new Map<number, number>();
    for (const [pid, st] of this.#startTimes) if (this.#byPid.get(pid)?.state !== 'exited') known.set(pid, st);
    return { roots, known };
  }

  /** One sample: a process found (opened), or a recorded one changed. */
  apply(s: ProcSample, t: number): void {
    let rec = this.#byPid.get(s.pid);
    let current: string | null = null;
    if (!rec) {
      const role = foundRole(s, this.mainPid, this.mainAnnounces);
      if (role === null) return;
      // Found through the run's tag, under a parent the run never had: its real parent exited
      // before any tick saw it, so ppids[0] is its adopter and the first parent is unknown.
      const adopted = s.ppid !== this.mainPid && !this.#byPid.has(s.ppid);
      rec = this.add(s.pid, s.ppid, this.#names.label(s.pid), role, t, adopted);
      this.#namedByOs.add(s.pid);
    } else if (
      this.#namedByOs.has(s.pid) &&
      (t - rec.startMs < RENAME_WINDOW_MS || rec.name === placeholderName(s.pid))
    ) {
      // Young (between fork() and exec()), or not named yet (the OS's answer comes a tick later
      // where it must be asked): read the name again.
      current = this.#names.get(s.pid);
    }
    this.#applyDiff(rec, diffSample(rec, s, t, { current, nameOf: (pid) => this.#names.label(pid) }));
    if (rec.state === 'exited') return;
    this.#missing.delete(s.pid);
    if (!this.#startTimes.has(s.pid)) this.#startTimes.set(s.pid, s.startTime);
  }

  /**
   * One tick's samples: each applied, then each known process it did not find marked missing
   * (`finished`: the run's last tick). Returns whether a new process was found, and the usage
   * of the run's processes for the live view.
   */
  applyTick(
    samples: ReadonlyMap<number, ProcSample>,
    targets: SampleTargets,
    t: number,
    finished: boolean,
  ): { found: boolean; usage: Extract<LabEvent, { type: 'usage' }>['samples'] } {
    const before = this.size;
    for (const s of samples.values()) this.apply(s, t);
    for (const [pid] of targets.known) if (!samples.has(pid)) this.missing(pid, t, finished);
    // A zombie's CPU is null, others carry their CPU time too (see usageSamples).
    const usage = usageSamples([...samples.values()].filter((s) => this.has(s.pid)));
    return { found: this.size > before, usage };
  }

  /** A recorded process the tick did not find (`finished`: the run's last tick). */
  missing(pid: number, t: number, finished: boolean): void {
    const rec = this.#byPid.get(pid);
    if (!rec || rec.state === 'exited') return;
    const misses = (this.#missing.get(pid) ?? 0) + 1;
    this.#missing.set(pid, misses);
    const diff = diffMissing(rec, misses, finished, t, (p) => this.#names.label(p));
    if (diff) this.#applyDiff(rec, diff);
  }

  /** Applies a diff to the record in place (a conduct may hold it), then emits its events. */
  #applyDiff(rec: ProcRecord, diff: Diff): void {
    Object.assign(rec, diff.record);
    for (const e of diff.events) this.emit(e);
  }
}
