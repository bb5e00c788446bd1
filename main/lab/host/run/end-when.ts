/**
 * When a run ends: its conduct started (and what its failure means), and the race between the
 * natural end, a stop and the run's timeout. Run (./run.ts) then ends the group and reports.
 */
import { LabError } from '../../common/errors';
import type { RunDeps, RunHandle, RunTarget } from './handle';

/** What {@link endWhen} needs of its run. */
export interface EndWhenRun {
  readonly target: RunTarget;
  /** Resolves when main has exited (the OS's word). */
  readonly mainExited: Promise<void>;
  /** Resolves on stop() or endNow(). */
  readonly stopSignal: Promise<void>;
  /** The experiment's conduct, started on `handle` (none for an observed program). */
  readonly conduct: RunDeps['conduct'];
  readonly handle: RunHandle;
  /** After main's exit: one more tick, then every process recorded has ended and left the table. */
  treeEnded(): Promise<void>;
  /** The run's first error wins: `??=` semantics are the caller's. */
  fail(message: string): void;
  /** The lesson cannot go on: end the run now. */
  endNow(): void;
  /** The run timed out: it counts as stopped. */
  timedOut(): void;
  /** An experiment's tree is gone (main and every process): waits still pending fail. */
  treeGone(): void;
}

/** The wait for a run's end, and its conduct (awaited once more after the group is ended). */
export interface RunEnd {
  /** Resolves at the natural end, a stop, or the timeout, whichever comes first. */
  ended: Promise<void>;
  /** The conduct, never rejecting. */
  conduct: Promise<void>;
}

/** Starts the conduct and returns the run's end (see {@link RunEnd}). */
export function endWhen(run: EndWhenRun): RunEnd {
  const conduct = run.conduct
    ? run.conduct(run.handle).catch((err: unknown) => {
        // Stopped: its waits fail because the run ended, which is no error of the lesson.
        if (err instanceof LabError && err.code === 'run-ended') return;
        run.fail(err instanceof Error ? err.message : String(err));
        // The lesson cannot go on (e.g. the zombies never came): end the run rather than wait
        // for a main that may be parked forever.
        run.endNow();
      })
    : Promise.resolve();
  const timeoutMs = run.target.kind === 'observe' ? run.target.options.timeoutMs : run.target.timeoutMs;
  let timeoutTimer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timeoutTimer = setTimeout(() => {
      run.timedOut();
      run.fail(`timed out after ${timeoutMs} ms`);
      resolve();
    }, timeoutMs);
  });
  const treeEnded = (): Promise<void> => run.mainExited.then(() => run.treeEnded());
  // observe follows the tree until every process seen has ended; an experiment ends with main
  // (which, like Python, has already joined its non-daemon children by then).
  const natural = run.target.kind === 'observe' ? treeEnded() : Promise.all([run.mainExited, conduct]);
  // An experiment's main can end sooner than its conduct expects (the view reaped the zombies
  // during their hold, and main went on to its end): once main and every process of the run
  // are gone (seen by one more tick), the conduct's waits that still do not hold fail at once,
  // as after a stop, rather than run out their time with nothing left to watch.
  if (run.target.kind === 'experiment')
    void treeEnded().then(
      () => run.treeGone(),
      () => undefined,
    );
  const ended = Promise.race([natural, run.stopSignal, timeout]).then(() => clearTimeout(timeoutTimer));
  return { ended, conduct };
}
