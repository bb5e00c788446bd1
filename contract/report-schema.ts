/**
 * A saved run report read back (the view's "Open run…"): the same shape the CLI prints with
 * `--json` and the view exports, checked with zod before anything in the view sees it. A file
 * from another format version, or one that is not a report at all, gets one reason (a code the
 * view words in its language) and is not shown: nothing of the open bench changes.
 */
import { z } from 'zod';
import { PROC_ROLES } from './process';
import { PY_APIS, ReapedSchema } from './python-trace';
import { REPORT_FORMAT, type RunReport } from './report';

const STATES = ['R', 'S', 'D', 'Z', 'T', 't', 'X', 'I', 'W', 'P', '?'] as const;
const ROLES = PROC_ROLES;

const ms = z.number().finite();
const pid = z.number().int().min(0);
const state = z.enum(STATES);
const base = { runId: z.string().max(200), t: ms, pid };
const status = {
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  pyExitcode: z.number().int().nullable(),
};

/** Every event a report may hold (`usage` ticks thinned: main/lab/host/run/usage-log.ts). */
const EventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('spawned'),
    ppid: pid,
    name: z.string(),
    role: z.enum(ROLES),
    labStarted: z.boolean(),
    firstParentUnknown: z.literal(true).optional(),
  }),
  z.object({ ...base, type: z.literal('identified'), name: z.string(), role: z.enum(ROLES), ppid: pid.optional() }),
  z.object({ ...base, type: z.literal('ready') }),
  z.object({ ...base, type: z.literal('state-changed'), from: state.nullable(), to: state }),
  z.object({ ...base, type: z.literal('signalled'), signal: z.string(), by: z.enum(['lab', 'main']) }),
  z.object({ ...base, type: z.literal('signal-received'), signal: z.string() }),
  z.object({ ...base, type: z.literal('exited'), ...status }),
  z.object({
    ...base,
    type: z.literal('reaped'),
    by: pid,
    byName: z.string(),
    exitCode: status.exitCode.optional(),
    signal: status.signal.optional(),
    pyExitcode: status.pyExitcode.optional(),
  }),
  z.object({ ...base, type: z.literal('reparented'), from: pid, to: pid, toName: z.string() }),
  z.object({ ...base, type: z.literal('vanished') }),
  z.object({ ...base, type: z.literal('renamed'), name: z.string(), role: z.enum(ROLES).optional() }),
  z.object({
    ...base,
    type: z.literal('call'),
    api: z.enum(PY_APIS),
    endT: ms.optional(),
    // The pid acted on, as the program passed it: waitpid(-1) waits for any child.
    target: z.number().int().optional(),
    result: z.union([z.number(), z.boolean(), z.null(), ReapedSchema]).optional(),
    by: z.enum(['program', 'multiprocessing']),
    within: z.enum(PY_APIS).optional(),
    error: z.string().optional(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  z.object({ ...base, type: z.literal('log'), stream: z.enum(['stdout', 'stderr']), line: z.string() }),
  z.object({
    ...base,
    type: z.literal('mark'),
    label: z.string(),
    detail: z.union([z.string(), z.number(), z.boolean()]).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('step'),
    label: z.string(),
    value: z.union([z.number(), z.string()]).nullable(),
  }),
  z.object({ ...base, type: z.literal('file'), path: z.string(), content: z.string() }),
  z.object({
    ...base,
    type: z.literal('usage'),
    samples: z.array(
      z.object({ pid, cpu: z.number().nullable(), rss: z.number(), cpuMs: z.number().min(0).optional() }),
    ),
  }),
]);

const FactSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(FactSchema), z.record(z.string(), FactSchema)]),
);

/** A run report as saved, format {@link REPORT_FORMAT}. */
// Loose at the top: the optional blocks a run may add (`sampling`, `python`, `pythonFacts`) are
// kept as written, so a saved run opens unchanged; everything the replay reads is checked.
export const RunReportSchema = z.looseObject({
  format: z.literal(REPORT_FORMAT).optional(),
  experiment: z.string().max(40),
  runId: z.string().max(200),
  options: z.record(z.string(), z.unknown()),
  platform: z.object({
    os: z.string(),
    arch: z.string(),
    release: z.string(),
    cores: z.number().int().min(0),
    node: z.string(),
    sampler: z.string(),
  }),
  startedAt: z.string(),
  wallMs: ms.min(0),
  stopped: z.boolean(),
  error: z.string().nullable(),
  processes: z.array(
    z.object({
      pid,
      ppid: pid,
      ppids: z.array(pid),
      name: z.string(),
      role: z.enum(ROLES),
      startMs: ms,
      endMs: ms.nullable(),
      // Absent in reports written before exit and reap were told apart.
      reapedMs: ms.nullable().optional(),
      firstParentUnknown: z.literal(true).optional(),
      cpu: z.number().nullable().optional(),
      ...status,
      states: z.array(state),
    }),
  ),
  events: z.array(EventSchema),
  facts: z.record(z.string(), FactSchema),
  leaked: z.array(pid),
});

/** Why a file could not be opened as a run. */
export type ReportProblem =
  | { code: 'not-json'; detail: string }
  | { code: 'not-report'; detail: string }
  | { code: 'newer'; format: number }
  | { code: 'older'; format: number }
  | { code: 'invalid'; detail: string };

/**
 * Reads a saved report from its text. A report with no `format` is one written before the
 * field was named (the same shape as format 1): it is read as 1.
 */
export function parseReport(text: string): { ok: true; report: RunReport } | { ok: false; problem: ReportProblem } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: { code: 'not-json', detail: e instanceof Error ? e.message : String(e) } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('events' in raw) || !('experiment' in raw))
    return { ok: false, problem: { code: 'not-report', detail: 'no experiment or events' } };
  const format = (raw as { format?: unknown }).format;
  if (format !== undefined) {
    if (typeof format !== 'number' || !Number.isInteger(format))
      return { ok: false, problem: { code: 'invalid', detail: 'format: not a whole number' } };
    if (format > REPORT_FORMAT) return { ok: false, problem: { code: 'newer', format } };
    if (format < REPORT_FORMAT) return { ok: false, problem: { code: 'older', format } };
  }
  const parsed = RunReportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    return { ok: false, problem: { code: 'invalid', detail: `${where || 'report'}: ${first?.message ?? 'invalid'}` } };
  }
  return { ok: true, report: parsed.data as RunReport };
}
