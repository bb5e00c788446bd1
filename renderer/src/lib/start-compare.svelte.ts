/**
 * "Compare start methods": the same lecture program run under fork, spawn and forkserver, one
 * run after the other, the guesses locked when it starts. Also the panel's start-method choice
 * for a single run of the lecture's Python.
 *
 * One after the other, not at once: on the 2 cores a class laptop has, three interpreters
 * started together share the CPU, so each run's timings (a spawn child's fresh interpreter,
 * join's totals) and the sampler's CPU budget would be the three runs' mix, and a short zombie
 * could go unsampled. Run alone, each run is the same as a single run of that method.
 */
import type { RunReport } from '../../../contract/report';
import type { StartMethod } from './start-compare';

/** The two questions asked on a comparison. */
export type CompareQuestionId = 'parent' | 'zombie';

/** One comparison: its runs by method (filled as each starts), the guesses locked for it. */
export interface CompareSet {
  methods: StartMethod[];
  runIds: Partial<Record<StartMethod, string>>;
  /** The method the questions were about, and the guesses locked when it started. */
  askAbout: StartMethod;
  locked: Record<CompareQuestionId, string | null>;
  running: boolean;
}

/** What the comparison needs of the app's state. */
export interface CompareHost {
  /** Starts the lecture's program of `experiment` under `method`; its run id, or null (refused: the panel says why). */
  runLecture(experiment: string, method: StartMethod): Promise<string | null>;
  /** The run's report, once it has ended. */
  reportOf(runId: string): RunReport | null;
}

/** The comparison's state, per experiment. */
export class StartCompare {
  /** The start method a single run of the lecture's Python asks for ('' : the platform's default). */
  method = $state<Record<string, StartMethod | ''>>({});
  /** The method the questions are about (forkserver until the student picks another). */
  askAbout = $state<Record<string, StartMethod>>({});
  /** Guesses being made, by `<experiment>:<question>`. */
  guesses = $state<Record<string, string | null>>({});
  /** The latest comparison of each experiment. */
  sets = $state<Record<string, CompareSet>>({});

  /** Who waits for a run's end, by run id (not state: nothing renders from it). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #waiters = new Map<string, Array<(r: RunReport) => void>>();

  constructor(private readonly host: CompareHost) {}

  /** A run ended (the app's state tells every run's end). */
  ended(report: RunReport): void {
    for (const resolve of this.#waiters.get(report.runId) ?? []) resolve(report);
    this.#waiters.delete(report.runId);
  }

  /** Resolves with a run's report once it has ended (at once if it has). */
  #whenEnded(runId: string): Promise<RunReport> {
    const done = this.host.reportOf(runId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.#waiters.set(runId, [...(this.#waiters.get(runId) ?? []), resolve]));
  }

  /** The method the questions of `experiment` are about. */
  asked(experiment: string, methods: readonly StartMethod[]): StartMethod {
    const m = this.askAbout[experiment];
    return m && methods.includes(m) ? m : (methods.at(-1) ?? 'spawn');
  }

  guess(experiment: string, q: CompareQuestionId): string | null {
    return this.guesses[`${experiment}:${q}`] ?? null;
  }

  setGuess(experiment: string, q: CompareQuestionId, value: string | null): void {
    this.guesses[`${experiment}:${q}`] = value;
  }

  /** Whether a comparison of `experiment` goes on. */
  running(experiment: string): boolean {
    return this.sets[experiment]?.running ?? false;
  }

  /**
   * Runs the lecture's program under each method in turn. A refused start or a stopped run
   * ends the comparison there (the runs so far stay shown).
   */
  async run(experiment: string, methods: readonly StartMethod[]): Promise<void> {
    if (this.running(experiment)) return;
    const askAbout = this.asked(experiment, methods);
    this.sets[experiment] = {
      methods: [...methods],
      runIds: {},
      askAbout,
      locked: { parent: this.guess(experiment, 'parent'), zombie: this.guess(experiment, 'zombie') },
      running: true,
    };
    const set = this.sets[experiment];
    try {
      for (const m of methods) {
        const runId = await this.host.runLecture(experiment, m);
        if (runId === null) break;
        set.runIds[m] = runId;
        const report = await this.#whenEnded(runId);
        if (report.stopped) break;
      }
    } finally {
      set.running = false;
    }
  }
}
