/**
 * Runtime schemas for every call of the contract (zod). The door parses each payload with these
 * before anything reaches the engine; a type check below keeps them equal to the declared
 * argument types in `./ipc`, so the schemas and the types cannot drift apart.
 *
 * Every schema is closed: fixed-length tuples, strict objects, bounded strings and numbers. That
 * is what makes hostile input (`../../etc`, `__proto__`, NaN, a float pid, a megabyte string)
 * fail here, with one line saying why, instead of somewhere deep in the engine.
 */
import { z } from 'zod';
import { LAB_SIGNALS, RUN_LIMITS, isValidHz } from './engine';
import type { LabMethod, LabRequests } from './ipc';
import { PROGRAM_ID } from './programs';
import { LANGUAGE_SETTINGS, MAX_PYTHON_PATH, type Settings } from './settings';

/**
 * A pid the view may name. Positive integer within the OS's range; pid 1 (init, or whatever
 * adopts orphans) is refused here already, before the engine's own refusal — it is never a
 * process the lab started, and a typo must not get anywhere near it.
 */
export const PidSchema = z
  .number()
  .int()
  .min(2, 'pid 1 is never a lab process')
  .max(2 ** 31 - 1);

/** An experiment id: a short kebab-case name, so a path (`../../etc`) can never pass. */
export const ExperimentIdSchema = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'not an experiment id');

/** A program id ("Your program" in a browser): a `.py` file name, never a path (see PROGRAM_ID). */
export const ProgramIdSchema = z.string().max(100).regex(PROGRAM_ID, 'not a program id (a .py file name, no path)');

/** How a traced Python program runs: its start method, the sleeps' scale, the sampling rate. */
const PythonRunOptionsSchema = z.strictObject({
  startMethod: z.enum(['fork', 'spawn', 'forkserver']).optional(),
  timeScale: z.number().min(RUN_LIMITS.timeScale.min).max(RUN_LIMITS.timeScale.max).optional(),
  // Auto (0, every run's default) or a fixed rate within the limits.
  hz: z.number().refine(isValidHz, 'hz: auto (0) or a fixed rate within the limits').optional(),
});

/** A run id as the engine makes them (`r` + base36 time + hex). */
export const RunIdSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a run id');

/** One of the allowed signals; any other name (or a number) is refused. */
export const SignalSchema = z.enum(LAB_SIGNALS);

/** Keys that would reach an object's prototype if anyone ever merged the options naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_OPTION_KEYS = 32;

function isPlainOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Reflect.ownKeys(v);
  return (
    keys.length <= MAX_OPTION_KEYS &&
    keys.every((k) => typeof k === 'string' && k.length <= 64 && !FORBIDDEN_KEYS.has(k))
  );
}

/**
 * An experiment's options, before that experiment's own schema checks each value: here only
 * the shape (a plain object, a few short keys, no prototype keys). The door then validates it
 * against the experiment's strict schema, which rejects unknown keys and out-of-range values.
 */
export const OptionsObjectSchema = z.custom<Record<string, unknown>>(
  isPlainOptions,
  `options must be a plain object with at most ${MAX_OPTION_KEYS} short keys`,
);

/** The whole settings object (what the settings file must hold). */
export const SettingsSchema = z.strictObject({
  keepInTray: z.boolean(),
  language: z.enum(LANGUAGE_SETTINGS),
  pythonPath: z.string().max(MAX_PYTHON_PATH),
}) satisfies z.ZodType<Settings>;

/** A change to some settings. */
export const SettingsPatchSchema = SettingsSchema.partial();

/** The arguments of each call, as a fixed-length tuple. */
export const REQUEST_SCHEMAS = {
  listExperiments: z.tuple([]),
  runExperiment: z.tuple([ExperimentIdSchema, OptionsObjectSchema]),
  runLecturePython: z.tuple([ExperimentIdSchema, PythonRunOptionsSchema]),
  listPrograms: z.tuple([]),
  runProgram: z.tuple([ProgramIdSchema, PythonRunOptionsSchema]),
  chooseProgram: z.tuple([PythonRunOptionsSchema]),
  stopRun: z.tuple([RunIdSchema]),
  signal: z.tuple([PidSchema, SignalSchema]),
  reap: z.tuple([PidSchema]),
  killAll: z.tuple([]),
  snapshot: z.tuple([]),
  getSettings: z.tuple([]),
  setSettings: z.tuple([SettingsPatchSchema]),
} satisfies { [M in LabMethod]: z.ZodType<LabRequests[M]> };

/**
 * One line for a failed parse: where, and what was expected — never the value received (it may
 * be huge, or hostile), and never longer than 200 characters.
 */
export function describeIssues(error: z.ZodError, what = 'request'): string {
  const issue = error.issues[0];
  if (!issue) return `${what}: invalid`;
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : what;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const line = `${where}: ${issue.message}`.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
