/**
 * Predict, then observe: one question from the lecture per experiment, asked before a run, and
 * the answer the OS gave, read from the run's measured facts afterwards. The answer is never
 * assumed: when the report does not tell (a stopped run, a fact missing), there is no answer.
 *
 * Pure data and functions (no runes, no DOM): the question's words are i18n keys, resolved by
 * the component in the current language.
 */
import type { FactValue, RunReport } from '../../../contract/report';
import { factsOf } from '../../../contract/experiments';
import { formatMs } from './format';
import { childParent, zombiesUnderScript } from './start-compare';

/** A choice offered to the student: its value and the i18n key of its words. */
export interface Choice {
  value: string;
  label: string;
}

/** The OS's answer: a choice value (or a number as text) and a line saying where it came from. */
export interface Observed {
  value: string;
  /** i18n key of the line explaining the measurement, and its values. */
  detail: string;
  values: Record<string, unknown>;
}

/** One experiment's question. */
export interface Question {
  /** i18n key of the question; `values` fill its `{{…}}` from the run's options. */
  text: string;
  values(options: Record<string, unknown>): Record<string, unknown>;
  /** Choices, or a whole number between 0 and `max(options)`. */
  kind: 'choice' | 'number';
  choices?: Choice[];
  max?(options: Record<string, unknown>): number;
  /** What the OS answered, from the report's facts; null when the report does not tell. */
  observe(report: RunReport): Observed | null;
}

const num = (v: FactValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const optNum = (o: Record<string, unknown>, k: string, d: number): number => {
  const v = o[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
};

/** The choice whose measured time is nearest to `t`. */
function nearest(t: number, candidates: Array<[string, number | null]>): string | null {
  let best: string | null = null;
  let dist = Infinity;
  for (const [k, v] of candidates) {
    if (v === null) continue;
    if (Math.abs(v - t) < dist) [best, dist] = [k, Math.abs(v - t)];
  }
  return best;
}

const JOIN: Question = {
  text: 'predict.join.q',
  values: () => ({}),
  kind: 'choice',
  choices: [
    { value: 'serial', label: 'predict.join.serial' },
    { value: 'startAllJoinAll', label: 'predict.join.startAllJoinAll' },
    { value: 'startJoinEach', label: 'predict.join.startJoinEach' },
  ],
  observe(r) {
    const f = factsOf(r, 'join');
    const totals: Array<[string, number | null]> = [
      ['serial', num(f?.serialInProcessMs)],
      ['startAllJoinAll', num(f?.startAllJoinAllMs)],
      ['startJoinEach', num(f?.startJoinEachMs)],
    ];
    if (totals.some(([, v]) => v === null)) return null;
    const best = nearest(0, totals)!;
    const [serial, all, each] = totals.map(([, v]) => v);
    // Times in the format helper's one style (`850 ms`, `3.40 s`), like every other time shown.
    return {
      value: best,
      detail: 'predict.join.detail',
      values: { serial: formatMs(serial), all: formatMs(all), each: formatMs(each) },
    };
  },
};

const LIFECYCLE: Question = {
  text: 'predict.lifecycle.q',
  values: () => ({}),
  kind: 'choice',
  choices: [
    { value: 'true', label: 'predict.lifecycle.true' },
    { value: 'false', label: 'predict.lifecycle.false' },
  ],
  observe(r) {
    const f = factsOf(r, 'lifecycle');
    const v = f?.aliveRightAfterTerminate;
    if (typeof v !== 'boolean') return null;
    return {
      value: String(v),
      detail: 'predict.lifecycle.detail',
      values: { exitcode: f?.pyExitcode ?? '?', after: f?.aliveAfterJoin === true ? 'True' : 'False' },
    };
  },
};

const ZOMBIE: Question = {
  text: 'predict.zombie.q',
  values: (o) => ({ n: optNum(o, 'children', 3) }),
  kind: 'choice',
  choices: [
    { value: 'gone', label: 'predict.zombie.gone' },
    { value: 'Z', label: 'predict.zombie.Z' },
    { value: 'S', label: 'predict.zombie.S' },
  ],
  observe(r) {
    const seen = num(factsOf(r, 'zombie')?.zombiesSeen);
    if (seen === null) return null;
    // The zombie experiment records this fact only once the OS has shown it a zombie (a run
    // stopped before that has none, and so no answer); a report that says 0 is read as it says.
    return { value: seen > 0 ? 'Z' : 'gone', detail: 'predict.zombie.detail', values: { seen } };
  },
};

const ORPHAN: Question = {
  text: 'predict.orphan.q',
  values: () => ({}),
  kind: 'choice',
  choices: [
    { value: 'init', label: 'predict.orphan.init' },
    { value: 'subreaper', label: 'predict.orphan.subreaper' },
    { value: 'none', label: 'predict.orphan.none' },
  ],
  observe(r) {
    const f = factsOf(r, 'orphan');
    const pid = f?.adoptedByPid ?? null;
    if (pid === null) return null;
    const name = f?.adoptedByName ?? '?';
    return {
      value: pid === 1 ? 'init' : 'subreaper',
      detail: 'predict.orphan.detail',
      values: { from: f?.originalPpid ?? '?', pid, name },
    };
  },
};

const DAEMON: Question = {
  text: 'predict.daemon.q',
  values: () => ({}),
  kind: 'choice',
  choices: [
    { value: 'main-code', label: 'predict.daemon.mainCode' },
    { value: 'normal', label: 'predict.daemon.normal' },
    { value: 'own', label: 'predict.daemon.own' },
  ],
  observe(r) {
    const f = factsOf(r, 'daemon');
    const end = f?.daemonEndMs ?? null;
    const code = f?.mainCodeEndMs ?? null;
    const normal = f?.normalEndMs ?? null;
    const d = r.processes.find((p) => p.name === 'daemon');
    if (end === null || code === null || !d) return null;
    // The daemon's own task sleeps 5 s (scaled) from its start: when it would have ended alone.
    const own = d.startMs + 5000 * optNum(r.options, 'timeScale', 1);
    return {
      value: nearest(end, [
        ['main-code', code],
        ['normal', normal],
        ['own', own],
      ])!,
      detail: 'predict.daemon.detail',
      values: { end: formatMs(end), code: formatMs(code), normal: formatMs(normal) },
    };
  },
};

const TICKET_RACE: Question = {
  text: 'predict.ticketRace.q',
  values: (o) => ({ buyers: optNum(o, 'buyers', 15), tickets: optNum(o, 'tickets', 1) }),
  kind: 'number',
  max: (o) => optNum(o, 'buyers', 15),
  observe(r) {
    const f = factsOf(r, 'ticket-race');
    const sold = num(f?.sold);
    if (sold === null) return null;
    return {
      value: String(sold),
      detail: 'predict.ticketRace.detail',
      values: { sold, tickets: num(f?.tickets) ?? '?', oversold: num(f?.oversold) ?? '?' },
    };
  },
};

const SPAWN: Question = {
  text: 'predict.spawn.q',
  values: () => ({}),
  kind: 'choice',
  choices: [
    { value: 'main', label: 'predict.spawn.main' },
    { value: 'app', label: 'predict.spawn.app' },
    { value: 'one', label: 'predict.spawn.one' },
  ],
  observe(r) {
    const f = factsOf(r, 'spawn');
    const main = num(f?.mainPid);
    const seen = (f?.children ?? []).map((c) => num(c.childPpid));
    if (main === null || seen.length === 0 || seen.some((p) => p === null)) return null;
    const value = seen.every((p) => p === main) ? 'main' : seen.every((p) => p === 1) ? 'one' : null;
    if (value === null) return null;
    return { value, detail: 'predict.spawn.detail', values: { main, n: seen.length } };
  },
};

const ISOLATION: Question = {
  text: 'predict.isolation.q',
  values: (o) => ({ value: optNum(o, 'value', 100), childValue: optNum(o, 'childValue', 2) }),
  kind: 'choice',
  choices: [
    { value: 'unchanged', label: 'predict.isolation.unchanged' },
    { value: 'changed', label: 'predict.isolation.changed' },
  ],
  observe(r) {
    const f = factsOf(r, 'isolation');
    const before = num(f?.parentBefore);
    const after = num(f?.parentAfter);
    const child = num(f?.childAfter);
    if (before === null || after === null) return null;
    const value = after === before ? 'unchanged' : after === child ? 'changed' : null;
    if (value === null) return null;
    return { value, detail: 'predict.isolation.detail', values: { after, child: child ?? '?' } };
  },
};

const PARALLEL: Question = {
  text: 'predict.parallel.q',
  values: (o) => ({ tasks: optNum(o, 'tasks', 3) }),
  kind: 'choice',
  choices: [
    { value: 'same', label: 'predict.parallel.same' },
    { value: 'cores', label: 'predict.parallel.cores' },
    { value: 'tasks', label: 'predict.parallel.tasks' },
  ],
  observe(r) {
    const f = factsOf(r, 'parallel');
    const speedup = num(f?.speedup);
    const tasks = num(f?.tasks);
    // Pinned to one CPU ("1 core"): the run had one core, whatever the machine has.
    const pinned = f?.oneCore !== null && f?.oneCore !== undefined;
    const cores = pinned ? 1 : num(f?.cores);
    if (speedup === null || tasks === null || cores === null) return null;
    // The measured speedup, matched to the nearest of what each answer predicts. With no more
    // tasks than cores, "as many times as cores" and "as many as tasks" are one prediction, and
    // the one the question names is the tasks.
    const value = nearest(
      speedup,
      cores >= tasks
        ? [
            ['same', 1],
            ['tasks', tasks],
          ]
        : [
            ['same', 1],
            ['cores', cores],
            ['tasks', tasks],
          ],
    )!;
    return {
      value,
      detail: pinned ? 'predict.parallel.detailOneCore' : 'predict.parallel.detail',
      values: {
        speedup,
        tasks,
        cores,
        serial: formatMs(num(f?.serialMs)),
        parallel: formatMs(num(f?.parallelMs)),
      },
    };
  },
};

const QUESTIONS: Record<string, Question> = {
  parallel: PARALLEL,
  join: JOIN,
  lifecycle: LIFECYCLE,
  zombie: ZOMBIE,
  orphan: ORPHAN,
  daemon: DAEMON,
  'ticket-race': TICKET_RACE,
  spawn: SPAWN,
  isolation: ISOLATION,
};

/** The start method a compared run's question is about (its options name it). */
const methodValue = (o: Record<string, unknown>): Record<string, unknown> => ({
  method: typeof o.startMethod === 'string' ? o.startMethod : '?',
});

/**
 * Comparing start methods: under one method, who is the children's parent? Answered from
 * that method's traced run (under forkserver, the forkserver forks them; never assumed).
 */
export const COMPARE_PARENT: Question = {
  text: 'compare.parent.q',
  values: methodValue,
  kind: 'choice',
  choices: [
    { value: 'main', label: 'compare.parent.main' },
    { value: 'forkserver', label: 'compare.parent.forkserver' },
  ],
  observe(r) {
    const c = childParent(r);
    // A parent that is neither (an adopter): not an answer to these two choices.
    if (!c || c.value === 'other') return null;
    return { value: c.value, detail: 'compare.parent.detail', values: { count: c.n, name: c.name, pid: c.pid } };
  },
};

/** Comparing start methods: under one method, does a zombie ever stand under the script? */
export const COMPARE_ZOMBIE: Question = {
  text: 'compare.zombie.q',
  values: methodValue,
  kind: 'choice',
  choices: [
    { value: 'yes', label: 'compare.zombie.yes' },
    { value: 'no', label: 'compare.zombie.no' },
  ],
  observe(r) {
    const z = zombiesUnderScript(r);
    if (!z) return null;
    const reaper = z.reaper ? `${z.reaper.name} (${z.reaper.pid})` : '?';
    return {
      value: z.zombies.length > 0 ? 'yes' : 'no',
      detail: z.zombies.length > 0 ? 'compare.zombie.detailYes' : 'compare.zombie.detailNo',
      values: { count: z.zombies.length, reaper },
    };
  },
};

/** The question asked before a run of `experiment`, if it has one. */
export function questionFor(experiment: string): Question | undefined {
  return QUESTIONS[experiment];
}
