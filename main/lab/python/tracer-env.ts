/**
 * The environment that makes a Python process of a run traced: the tracer's boot folder first on
 * PYTHONPATH (its `sitecustomize.py` loads the tracer, and every spawn/forkserver child inherits
 * the variable), the run id, the socket path, and the run's time scale and start method when set.
 */
import { delimiter, join } from 'node:path';

/**
 * The tracer's boot folder inside `pythonDir`, the folder holding the `process_lab_tracer`
 * package: `out/main/python` in the build (what runs use, see host/python/files.ts), or
 * `main/lab/python` in the sources (the tracer's own tests).
 */
export function tracerBootDir(pythonDir: string): string {
  return join(pythonDir, 'process_lab_tracer', 'boot');
}

/** Start methods Python knows; which the platform has is Python's to say (`get_all_start_methods`). */
export const START_METHODS = ['fork', 'spawn', 'forkserver'] as const;
export type StartMethod = (typeof START_METHODS)[number];

export interface TracerEnvOptions {
  /** The environment to extend (the run's, already carrying whatever the user set). */
  base: NodeJS.ProcessEnv;
  runId: string;
  /** {@link TraceServer.path}. */
  socketPath: string;
  /** From {@link tracerBootDir}. */
  bootDir: string;
  /** `time.sleep` is multiplied by this; 1 (or unset) changes nothing. */
  timeScale?: number;
  /** The default start method for the program (its own `set_start_method` still wins). */
  startMethod?: StartMethod;
}

/** A new env object; `base` is not changed. The user's own PYTHONPATH stays, after ours. */
export function tracerEnv(o: TracerEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...o.base };
  const prior = o.base.PYTHONPATH;
  env.PYTHONPATH = prior ? `${o.bootDir}${delimiter}${prior}` : o.bootDir;
  env.PROCESS_LAB_RUN = o.runId;
  env.PROCESS_LAB_PY_TRACE = o.socketPath;
  if (o.timeScale !== undefined && o.timeScale !== 1) env.PROCESS_LAB_TIME_SCALE = String(o.timeScale);
  else delete env.PROCESS_LAB_TIME_SCALE;
  if (o.startMethod) env.PROCESS_LAB_PY_START_METHOD = o.startMethod;
  else delete env.PROCESS_LAB_PY_START_METHOD;
  // PYTHONUNBUFFERED is deliberately not set: buffering is the program's behaviour (on a pipe
  // Python block-buffers stdout). The tracer's log events are timed at each write regardless.
  return env;
}
