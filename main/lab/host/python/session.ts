/**
 * A traced Python run's resources, opened before its interpreter starts: the interpreter found
 * (never guessed silently: one sentence when there is none), a run folder of its own, and the
 * trace socket in it. Closing removes the socket and the folder, so nothing is left after a run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython, type FoundPython } from '../../python/find-python';
import { TraceServer } from '../../python/trace-server';
import { tracerEnv, type StartMethod } from '../../python/tracer-env';

/** What to run under the tracer. */
export interface PythonSessionOptions {
  /**
   * The interpreter command as the user typed it (`observe -- python3 FILE`): run as given, its
   * launcher shims included (they are marked, not hidden). Without it the resolved binary runs.
   */
  command?: string;
  /** `--python PATH` or the Python setting: the interpreter to use. */
  python?: string;
  /** The interpreter's arguments (the program file first, for a lecture program). */
  args: string[];
  /** The tracer's boot folder ({@link tracerBootDir}). */
  bootDir: string;
  /** Run in the session's own folder (a lecture program writes its db.txt there), else here. */
  cwd?: 'run-folder' | string;
  startMethod?: StartMethod;
  timeScale?: number;
}

export class PythonSession {
  #closed: Promise<void> | null = null;
  #onClose: Array<() => void> = [];

  private constructor(
    readonly found: FoundPython,
    /** The run's own folder: the socket, and the program's files when it runs there. */
    readonly dir: string,
    readonly server: TraceServer,
    private readonly opts: PythonSessionOptions,
  ) {}

  /** Finds the interpreter and opens the socket; throws a LabError (one sentence) when it cannot. */
  static async open(opts: PythonSessionOptions): Promise<PythonSession> {
    const found = await findPython(
      opts.python !== undefined ? { python: opts.python } : opts.command !== undefined ? { python: opts.command } : {},
    );
    // A short prefix in the temp folder: a Unix socket path must stay under ~104 bytes.
    const dir = await mkdtemp(join(tmpdir(), 'pl-py-'));
    try {
      return new PythonSession(found, dir, await TraceServer.listen(dir), opts);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The program to start: the command as given (observe), else the real interpreter. */
  get command(): string {
    return this.opts.command ?? this.found.executable;
  }

  get args(): string[] {
    return this.opts.args;
  }

  get cwd(): string | undefined {
    return this.opts.cwd === 'run-folder' ? this.dir : this.opts.cwd;
  }

  get startMethod(): StartMethod | undefined {
    return this.opts.startMethod;
  }

  get timeScale(): number | undefined {
    return this.opts.timeScale;
  }

  /** The run's env (`base` already carries PROCESS_LAB_RUN) plus the tracer's variables. */
  env(base: NodeJS.ProcessEnv, runId: string): NodeJS.ProcessEnv {
    // A lecture program runs in the run's folder, its temp files too (multiprocessing's pymp-*
    // folder under forkserver): removed with the folder, whatever the program left.
    const own = this.opts.cwd === 'run-folder' ? { TMPDIR: this.dir } : {};
    return tracerEnv({
      base: { ...base, ...own },
      runId,
      socketPath: this.server.path,
      bootDir: this.opts.bootDir,
      ...(this.opts.timeScale !== undefined ? { timeScale: this.opts.timeScale } : {}),
      ...(this.opts.startMethod ? { startMethod: this.opts.startMethod } : {}),
    });
  }

  /** Calls `f` once when the session closes (the run ended). */
  onClose(f: () => void): void {
    this.#onClose.push(f);
  }

  /** Closes the socket (removing it) and removes the run folder. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const f of this.#onClose.splice(0)) f();
      await this.server.close();
      await rm(this.dir, { recursive: true, force: true });
    })();
    return this.#closed;
  }
}
