/**
 * The Python tracer's wire format (`main/lab/python/process_lab_tracer/`), and the engine events
 * a traced run turns it into.
 *
 * Transport: each traced Python process connects to the run's Unix stream socket (path in
 * `PROCESS_LAB_PY_TRACE`) and writes one JSON object per line (UTF-8, `\n`-terminated). A forked
 * child opens its own connection. Every message carries `pid`, `ppid` and `t`: epoch ms from
 * Python's `time.time_ns() / 1e6`, the same wall clock the engine reads as
 * `performance.timeOrigin + performance.now()`; the engine subtracts its run's start to get the
 * run-relative `t` of its events.
 *
 * The schemas are strict where the engine relies on a field and open (`looseObject`) on extra
 * call details, so a newer tracer adding a field is not refused by an older engine.
 */
import { z } from 'zod';

const Pid = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
/** Epoch ms, finite. */
const EpochMs = z.number().finite().min(0);
const ShortText = z.string().max(8192);

const Base = {
  pid: Pid.min(1),
  ppid: Pid,
  t: EpochMs,
};

/** The interpreter, as the process itself reports it (its `sys.executable` is the real binary, never a shim). */
export const PythonInfoSchema = z.object({
  version: z.string().max(32),
  implementation: z.string().max(32),
  executable: z.string().max(4096),
});

/** First message of every process (and again from a forked child, `forked: true`). */
export const HelloMessageSchema = z.looseObject({
  type: z.literal('hello'),
  ...Base,
  v: z.literal(1),
  run: z.string().max(64).nullable(),
  forked: z.boolean(),
  python: PythonInfoSchema,
  argv: z.array(z.string().max(4096)).max(256),
  /** The default start method, when multiprocessing was already loaded or the lab set it. */
  startMethod: z.string().max(32).nullable(),
  /** Set only when the lab asked to scale `time.sleep` (`PROCESS_LAB_TIME_SCALE`). */
  timeScale: z.number().positive().optional(),
  /** A sentence for the report when the tracer changed anything ("sleeps scaled x0.2"). */
  note: z.string().max(200).optional(),
  /** Set only when the lab chose the default start method (`PROCESS_LAB_PY_START_METHOD`). */
  startMethodForced: z.string().max(32).optional(),
});

/** What a wait returned: the pid reaped (0: nothing had ended, with WNOHANG) and its status decoded. */
export const ReapedSchema = z.object({
  pid: Pid,
  status: z.number().int().nullable(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().max(32).nullable().optional(),
  stopped: z.boolean().optional(),
});

/** The traced APIs. Waits and joins are spans (`endT`); `os._exit` and `Process.exitcode` are instants. */
export const PY_APIS = [
  'Process.start',
  'Process.join',
  'Process.is_alive',
  'Process.terminate',
  'Process.kill',
  'Process.exitcode',
  'os.fork',
  'os.wait',
  'os.waitpid',
  'os.wait4',
  'os.kill',
  'os._exit',
] as const;
export type PyApi = (typeof PY_APIS)[number];

/** One traced call, sent when it returned (or failed, `error`). */
export const CallMessageSchema = z.looseObject({
  type: z.literal('call'),
  ...Base,
  api: z.enum(PY_APIS),
  /** Whose code made the call: the program's, or multiprocessing's on its behalf. */
  by: z.enum(['program', 'multiprocessing']),
  endT: EpochMs.optional(),
  /** The pid acted on (child started, joined, signalled, waited for; -1: any child). */
  target: z.number().int().nullable().optional(),
  /** What it returned: a pid, a bool, an exit code, a {@link ReapedSchema}, or null. */
  result: z.union([z.number(), z.boolean(), z.null(), ReapedSchema]).optional(),
  /** The traced call this one ran inside (`os.fork` within `Process.start`). */
  within: z.enum(PY_APIS).optional(),
  error: ShortText.optional(),
  // Process.start: the child's name, daemon flag, target's name, start method.
  name: ShortText.optional(),
  daemon: z.boolean().optional(),
  targetName: ShortText.nullable().optional(),
  method: z.string().max(32).nullable().optional(),
  // os.kill: the signal's name; waits: their options.
  signal: z.string().max(32).optional(),
  options: z.number().int().optional(),
  nohang: z.boolean().optional(),
  timeout: z.number().nullable().optional(),
});

/** A multiprocessing child, at its bootstrap (before its target runs): who it is to multiprocessing. */
export const ProcessMessageSchema = z.object({
  type: z.literal('process'),
  ...Base,
  name: ShortText,
  daemon: z.boolean(),
  targetName: ShortText.nullable(),
  parentPid: Pid.nullable(),
});

/** One line the process printed (without its newline); the line also reached the real stream. */
export const LogMessageSchema = z.object({
  type: z.literal('log'),
  ...Base,
  stream: z.enum(['stdout', 'stderr']),
  line: ShortText,
  truncated: z.boolean().optional(),
});

/**
 * Main's code ended (`where: 'main'`: before multiprocessing's atexit terminates the daemonic
 * children) or a multiprocessing child's target returned (`where: 'target'`).
 */
export const MainEndMessageSchema = z.object({
  type: z.literal('main-end'),
  ...Base,
  where: z.enum(['main', 'target']),
});

/** The interpreter is leaving: last atexit handler, or `os._exit(code)`. A signal sends nothing. */
export const ExitMessageSchema = z.object({
  type: z.literal('exit'),
  ...Base,
  how: z.enum(['atexit', '_exit']),
  code: z.number().int().optional(),
});

/** Any message of the tracer. */
export const TraceMessageSchema = z.discriminatedUnion('type', [
  HelloMessageSchema,
  CallMessageSchema,
  ProcessMessageSchema,
  LogMessageSchema,
  MainEndMessageSchema,
  ExitMessageSchema,
]);

export type TraceMessage = z.infer<typeof TraceMessageSchema>;
export type HelloMessage = z.infer<typeof HelloMessageSchema>;
export type CallMessage = z.infer<typeof CallMessageSchema>;
export type LogMessage = z.infer<typeof LogMessageSchema>;
export type Reaped = z.infer<typeof ReapedSchema>;

/**
 * The engine's `call` event (run-relative ms, as every {@link LabEvent}): one traced call.
 * `pid` made the call; `target` is the pid acted on; `endT` is set for calls that block.
 */
export interface PyCallEvent {
  type: 'call';
  runId: string;
  pid: number;
  api: PyApi;
  t: number;
  endT?: number;
  target?: number;
  result?: number | boolean | null | Reaped;
  by: 'program' | 'multiprocessing';
  within?: PyApi;
  error?: string;
  /** Extra facts of the call: Process.start's name/daemon/targetName/method, os.kill's signal. */
  detail?: Record<string, string | number | boolean | null>;
}

/** A line a traced process printed, attributed to it (same shape as the engine's `log` event). */
export interface PyLogEvent {
  type: 'log';
  runId: string;
  pid: number;
  t: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** The report's `python` block: the interpreter that ran the program, and how children started. */
export interface PythonBlock {
  version: string;
  executable: string;
  /** The start method the children were started with (the first `Process.start`), else the default. */
  startMethod: string | null;
  /** Set when the lab changed something: "sleeps scaled x0.2". */
  note?: string;
}
