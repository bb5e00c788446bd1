/**
 * The engine's typed event stream. Every event carries `t`, run-relative monotonic milliseconds
 * (derived from `performance.timeOrigin + performance.now()` in the process that saw it).
 */
import type { ProcRole, ProcState } from './process';
import type { PyCallEvent } from './python-trace';

interface Base {
  runId: string;
  /** Run-relative ms. */
  t: number;
  pid: number;
}

export type LabEvent =
  | (Base & {
      type: 'spawned';
      ppid: number;
      name: string;
      role: ProcRole;
      labStarted: boolean;
      /** Met already re-parented: `ppid` is its adopter, its real first parent is unknown. */
      firstParentUnknown?: true;
    })
  | (Base & { type: 'ready' })
  | (Base & { type: 'state-changed'; from: ProcState | null; to: ProcState })
  | (Base & {
      type: 'signalled';
      signal: string;
      /** Who asked: the UI/CLI ("lab"), or the experiment's main (e.g. `p.terminate()`). */
      by: 'lab' | 'main';
    })
  | (Base & { type: 'signal-received'; signal: string })
  | (Base & {
      type: 'exited';
      exitCode: number | null;
      signal: string | null;
      pyExitcode: number | null;
    })
  | (Base & {
      type: 'reaped';
      /** The pid that collected the exit status (the parent, or an adopter). */
      by: number;
      byName: string;
      /** The status it collected, when the reaper told us (a lab parent does; an adopter does not). */
      exitCode?: number | null;
      signal?: string | null;
      pyExitcode?: number | null;
    })
  | (Base & { type: 'reparented'; from: number; to: number; toName: string })
  | (Base & { type: 'vanished' })
  | (Base & {
      /**
       * The OS now gives the process another name: a process found by the sampler may have been
       * caught between fork() and exec(), still named after its parent's program.
       */
      type: 'renamed';
      name: string;
      /** Set when the process's role is known only now (a traced Python process said who it is). */
      role?: ProcRole;
    })
  | (Base & {
      /**
       * Main announced a child the sampler had already found: main's word for its name
       * (`Process-1`, `rocky`) and role replaces the OS's, so a fold of the events names it as
       * the run's records do.
       */
      type: 'identified';
      name: string;
      role: ProcRole;
      /** Its real first parent, where it was met already adopted and main named that parent. */
      ppid?: number;
    })
  | (Base & { type: 'log'; stream: 'stdout' | 'stderr'; line: string })
  | (Base & { type: 'mark'; label: string; detail?: string | number | boolean })
  | (Base & {
      /**
       * A worker's own word on a step of its task, sent the moment it happens (`pid` is the
       * worker): the ticket race's buyers say what count they read and what they wrote.
       */
      type: 'step';
      label: string;
      value: number | string | null;
    })
  | (Base & {
      /**
       * The content of a file the run watches, read by the engine when first watched and after
       * each write it saw, even of the same content (`pid` is the run's main): the ticket race's
       * db file, as the buyers leave it. At most one per write: two writes in the same instant
       * may be read once.
       */
      type: 'file';
      path: string;
      content: string;
    })
  | (Base & {
      /**
       * CPU % and RSS of every live process of the run at one tick (`pid` is the run's main).
       * Sent to the view for sparklines and the lanes' CPU shading; the run's report keeps
       * them thinned (at most 10 a second, a bounded number of samples: host/run/usage-log.ts).
       */
      type: 'usage';
      /**
       * `cpu` (a ~1.5 s moving average) is null where nothing ran to measure (a zombie), never a
       * decaying average. `cpuMs` is the process's cumulative CPU time as read (absent for a
       * zombie, and in reports saved before it was sent): the difference of two samples is the
       * exact CPU used in between.
       */
      samples: Array<{ pid: number; cpu: number | null; rss: number; cpuMs?: number }>;
    })
  /** One traced Python call (`pid` made it; `target` is the pid acted on): see {@link PyCallEvent}. */
  | PyCallEvent;

export type LabEventType = LabEvent['type'];

/** An event before the engine stamps it with its run id. */
export type LabEventDraft = LabEvent extends infer E ? (E extends LabEvent ? Omit<E, 'runId'> : never) : never;
