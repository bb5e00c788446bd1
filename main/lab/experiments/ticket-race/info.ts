/**
 * Lecture row 13, 抢票: buyers race on one real JSON file `{"count": N}`. Each buyer process
 * searches (sleeps, reads, shows the count) then gets a ticket (reads, sleeps, decrements if
 * > 0, writes). Started all at once (`unsafe`) several read the same count before anyone writes:
 * more tickets are sold than exist. Started and joined one by one (`serial`) it is correct and
 * slow; with a real inter-process lock around `get()` (`lock`) it is correct, and the searches
 * still run side by side. `--schedule` forces one interleaving with SIGSTOP/SIGCONT, so a chosen
 * oversell happens on purpose; `--repeat` runs the race many times and counts the outcomes.
 */
import { LabError } from '../../common/errors';
import type { ExperimentDef, ExperimentOptions } from '../types';
import {
  SCHEDULE_PATTERN,
  parseSchedule,
  scheduleProblem,
  type ScheduleStep,
} from '../../../../contract/experiments/ticket-race';

const LAB_CODE = `// buyer (task 'ticket-buyer', one real child process each)
search():  await sleep(latency); n = readJSON(db).count; print(\`还剩\${n}\`)
get():     [lock: release = await lockfile.lock(db)]      // mkdir db.lock: atomic, one winner
           [schedule: report 'at-r'; kill(self, SIGSTOP)]  // frozen (T) until the lab's SIGCONT
           n = readJSON(db).count; await sleep(latency)
           [schedule: report 'at-w'; kill(self, SIGSTOP)]
           if (n > 0) write(db, { count: n - 1 })         // temp file + rename: never half-written
           [lock: await release()]

// main (a real child of the app); db = mkdtemp()/db.json = { count: tickets }
unsafe:  ps = range(buyers).map(() => Process({ target: 'ticket-buyer' }))
         for (p of ps) p.start(); for (p of ps) await p.join()       // the race
serial:  for (p of ps) { p.start(); await p.join() }                 // the lecture's fix: slow
lock:    as unsafe, each buyer locks the file around get()           // correct, searches overlap
remaining = readJSON(db).count; sold = buyers told 抢票成功; oversold = max(0, sold - tickets)`;

export { SCHEDULE_PATTERN, parseSchedule, type ScheduleStep };

/** The schedule's checks beyond its pattern; throws a LabError `bad-options` naming the first problem. */
export function checkSchedule(steps: readonly ScheduleStep[], buyers: number): void {
  const problem = scheduleProblem(steps, buyers);
  if (problem !== null) throw new LabError('bad-options', `schedule: ${problem}`);
}

/** Typed view of this experiment's options. */
export interface TicketOptions {
  buyers: number;
  tickets: number;
  /** Scaled: the sleep each buyer really does, ms. */
  latencyMs: number;
  mode: 'unsafe' | 'serial' | 'lock';
  repeat: number;
  steps: ScheduleStep[];
}

export function ticketOptions(opts: ExperimentOptions): TicketOptions {
  return {
    buyers: opts.buyers as number,
    tickets: opts.tickets as number,
    latencyMs: (opts.latencyMs as number) * opts.timeScale,
    mode: opts.mode as TicketOptions['mode'],
    repeat: opts.repeat as number,
    steps: parseSchedule(opts.schedule as string),
  };
}

/** Process name of buyer `i` (1-based) in round `round`; rounds only show when there are several. */
export function buyerName(i: number, round: number, repeat: number): string {
  return repeat > 1 ? `round-${round}/buyer-${i}` : `buyer-${i}`;
}

export const DB_PREFIX = 'process-lab-ticket-';

/**
 * The 抢票 experiment. Facts (times are ms since the round started, main's shared clock):
 * `mode`, `tickets`, `buyers`, `latencyMs` (real, scaled), `schedule`; `sold` (buyers told
 * 抢票成功), `remaining` (the file at the end), `oversold` (sold − tickets, ≥ 0), `lostUpdates`
 * (sold + remaining − tickets: sales overwritten by a stale write), `wallMs` (all rounds),
 * `searchOverlapMs` / `maxSearchingAtOnce` (searches side by side), `maxGetsAtOnce` (buyers
 * between their get() read and their write at once: 1 means no race), `perBuyer` (pid, name,
 * counts read in search and get, what it wrote, success, timestamps, pyExitcode). With
 * `--repeat`: `histogram` {sold: rounds}, `rounds` (sold, remaining, oversold, wallMs each) and
 * `perBuyerRound` (the per-buyer facts are the last round's). With `--schedule`: `scheduleLog`
 * (each step's pid, when it reported reaching its checkpoint, when the SIGCONT went — right
 * after the sampler saw it stopped) and `resumedBy`.
 */
export const ticketRace: ExperimentDef = {
  id: 'ticket-race',
  concepts: [13],
  title: { en: 'Ticket race: processes sharing a file', zh: '抢票:多个进程争用同一个文件' },
  summary: {
    en: 'Buyers read, wait and write one real file: all at once they sell more tickets than exist; one by one, or with a lock, they do not.',
    zh: '多个买票进程读取、等待、再写同一个真实文件:同时运行会超卖;逐个运行或加锁则不会。',
  },
  options: [
    {
      key: 'buyers',
      kind: 'number',
      integer: true,
      min: 1,
      max: 50,
      default: 15,
      help: { en: 'how many buyer processes', zh: '买票进程数' },
    },
    {
      key: 'tickets',
      kind: 'number',
      integer: true,
      min: 0,
      max: 100,
      default: 1,
      help: { en: 'tickets in the db file at the start', zh: '数据库文件中的初始票数' },
    },
    {
      key: 'latencyMs',
      kind: 'number',
      min: 0,
      max: 10_000,
      default: 500,
      help: {
        en: "the lecture's time.sleep (network I/O) in search and in get, ms (scaled)",
        zh: '讲义中 search 和 get 里的 time.sleep(模拟网络 IO),毫秒(按比例缩放)',
      },
    },
    {
      key: 'mode',
      kind: 'enum',
      choices: ['unsafe', 'serial', 'lock'],
      default: 'unsafe',
      help: {
        en: 'unsafe: start all, join all; serial: start+join one by one; lock: a file lock around get',
        zh: 'unsafe:全部启动再全部 join;serial:逐个启动并 join;lock:get 外加文件锁',
      },
    },
    {
      key: 'repeat',
      kind: 'number',
      integer: true,
      min: 1,
      max: 50,
      default: 1,
      help: { en: 'run the race this many times and count tickets sold per run', zh: '重复次数,统计每次卖出的票数' },
    },
    {
      key: 'schedule',
      kind: 'string',
      maxLength: 400,
      default: '',
      pattern: SCHEDULE_PATTERN,
      patternMessage:
        'expected steps like r1,r2,w1,w2 (rN: buyer N reads the count in get, wN: buyer N writes; N from 1 to 50)',
      help: {
        en: 'force an interleaving (unsafe mode): r1,r2,w1,w2 = buyer 1 reads, buyer 2 reads, buyer 1 writes, buyer 2 writes; buyers not named run after, one by one',
        zh: '强制交错顺序(仅 unsafe):r1,r2,w1,w2 = 买家1读、买家2读、买家1写、买家2写;未列出的买家随后逐个运行',
      },
    },
  ],
  labCode: LAB_CODE,
  validate(opts) {
    const o = ticketOptions(opts);
    if (o.steps.length === 0) return;
    if (o.mode !== 'unsafe')
      throw new LabError(
        'bad-options',
        `schedule: only with mode unsafe (${o.mode} never lets two buyers inside get at once)`,
      );
    if (process.platform === 'win32')
      throw new LabError(
        'unsupported-platform',
        'schedule: Windows has no SIGSTOP/SIGCONT to freeze and resume a process',
      );
    checkSchedule(o.steps, o.buyers);
  },
  expectedMs(opts) {
    const o = ticketOptions(opts);
    const L = o.latencyMs;
    const spawn = 60;
    const scheduled = new Set(o.steps.map((s) => s.buyer)).size;
    const perRound =
      o.mode === 'serial'
        ? o.buyers * (2 * L + spawn)
        : o.mode === 'lock'
          ? L + o.buyers * (L + 10) + (spawn * o.buyers) / 2
          : scheduled > 0
            ? 2 * L + o.steps.length * (L / 2 + 50) + (o.buyers - scheduled) * (2 * L + spawn)
            : 2 * L + (spawn * o.buyers) / 2;
    return Math.round(o.repeat * (perRound + 200));
  },
};
