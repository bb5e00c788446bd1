/**
 * Lecture row 13, 抢票: buyers race on one real JSON file `{"count": N}`. Each buyer process
 * searches (sleeps, reads, shows the count) then gets a ticket (reads, sleeps, decrements if
 * > 0, writes). Started all at once (`unsafe`) several read the same count before anyone writes:
 * more tickets are sold than exist. Started and joined one by one (`serial`) it is correct and
 * slow; with a real inter-process lock around `get()` (`lock`) it is correct, and the searches
 * still run side by side. `--schedule` forces one interleaving with SIGSTOP/SIGCONT, so a chosen
 * oversell happens on purpose; `--repeat` runs the race many times and counts the outcomes.
 */
import { lstatSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { FactValue } from '../../../contract/report';
import { LabError } from '../errors';
import { makeRunTemp } from '../host/run-temp';
import type { RunHandle } from '../run';
import type { MainContext } from '../runtime/main-context';
import type { PyProcess } from '../runtime/py-process';
import { writeCount, type BuyerArgs } from '../runtime/tasks/ticket';
import { byName, mainExited, mainGone } from './facts';
import { safetyFault } from './ticket-safety';
import type { ExperimentDef, ExperimentOptions } from './types';

const LECTURE = `# 抢票小程序
# db.txt = {"count": 1}

from multiprocessing import Process
import time
import json
import os

def search():
    time.sleep(1) #模拟网络io
    with open('db.txt', 'rt', encoding='utf-8')as f:
        res = json.load(f)
        print(f'还剩{res["count"]}')

def get():
    with open('db.txt', 'rt', encoding='utf-8')as f:
        res = json.load(f)
    time.sleep(1)  #模拟网络io
    if res['count'] > 0:
        res['count'] -= 1
        with open('db.txt', 'wt', encoding='utf-8')as f:
            json.dump(res,f)
            time.sleep(1.5) #模拟网络io
            print(f'进程{os.getpid()} 抢票成功')
    else:
        print('票已经售空啦!!')

def task():
    search()
    get()

if __name__ == '__main__':
    for i in range(15):
        p = Process(target=task)
        print(p)
        p.start()
        p.join()

#为了保证数据的安全,要牺牲掉效率`;

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

/** One step of a forced interleaving: buyer `buyer` does its read (`r`) or its write (`w`). */
export interface ScheduleStep {
  at: 'r' | 'w';
  buyer: number;
}

const STEP = '[rw][1-9][0-9]?';
/** `r1,r2,w1,w2`: steps separated by commas (spaces allowed around them); empty = no schedule. */
export const SCHEDULE_PATTERN = new RegExp(`^\\s*(?:${STEP}(?:\\s*,\\s*${STEP})*)?\\s*$`);

/** Splits a schedule that matches {@link SCHEDULE_PATTERN} into its steps. */
export function parseSchedule(schedule: string): ScheduleStep[] {
  const steps: ScheduleStep[] = [];
  for (const token of schedule.split(',')) {
    const t = token.trim();
    if (t === '') continue;
    steps.push({ at: t[0] === 'r' ? 'r' : 'w', buyer: Number(t.slice(1)) });
  }
  return steps;
}

/**
 * Checks what the pattern cannot: every buyer named takes both steps, once each, read before
 * write, and exists. Throws a LabError `bad-options` naming the first problem.
 */
export function checkSchedule(steps: readonly ScheduleStep[], buyers: number): void {
  const bad = (why: string): never => {
    throw new LabError('bad-options', `schedule: ${why}`);
  };
  const seen = new Map<number, string>();
  for (const s of steps) {
    const tag = `${s.at}${s.buyer}`;
    if (s.buyer > buyers) bad(`"${tag}" names buyer ${s.buyer}, but there are only ${buyers} buyers (--buyers)`);
    const before = seen.get(s.buyer) ?? '';
    if (before.includes(s.at)) bad(`"${tag}" appears twice: each buyer reads once and writes once`);
    if (s.at === 'w' && !before.includes('r'))
      bad(`"${tag}" comes before "r${s.buyer}": a buyer reads the count before it writes`);
    seen.set(s.buyer, before + s.at);
  }
  for (const [buyer, done] of seen)
    if (done !== 'rw') bad(`buyer ${buyer} has "r${buyer}" but no "w${buyer}": name both steps of every buyer`);
}

/** Typed view of this experiment's options. */
interface TicketOptions {
  buyers: number;
  tickets: number;
  /** Scaled: the sleep each buyer really does, ms. */
  latencyMs: number;
  mode: 'unsafe' | 'serial' | 'lock';
  repeat: number;
  steps: ScheduleStep[];
}

function ticketOptions(opts: ExperimentOptions): TicketOptions {
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

/** Total ms during which at least `k` of the intervals were open, and the most open at once. */
export function overlap(intervals: ReadonlyArray<readonly [number, number]>, k = 2): { ms: number; max: number } {
  const edges = intervals.flatMap(([a, b]) => [
    { t: a, d: 1 },
    { t: b, d: -1 },
  ]);
  // At equal times an end comes before a start: touching intervals do not overlap.
  edges.sort((x, y) => x.t - y.t || x.d - y.d);
  let open = 0;
  let max = 0;
  let ms = 0;
  let since = 0;
  for (const e of edges) {
    if (open >= k) ms += e.t - since;
    open += e.d;
    since = e.t;
    max = Math.max(max, open);
  }
  return { ms: Math.round(ms), max };
}

function readCount(db: string): number | null {
  try {
    const v = (JSON.parse(readFileSync(db, 'utf8')) as { count?: unknown }).count;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

function num(v: FactValue | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

interface RoundResult {
  sold: number;
  remaining: number | null;
  wallMs: number;
  perBuyer: FactValue[];
  searchOverlapMs: number;
  maxSearchingAtOnce: number;
  maxGetsAtOnce: number;
  /** Buyers that ended in an error without an answer (e.g. their lock wait ran out). */
  gaveUp: number;
}

/** Runs one round of the race in main; every time in the result is ms since `start`. */
async function round(ctx: MainContext, o: TicketOptions, db: string, k: number): Promise<RoundResult> {
  // Whole, like the buyers' writes: the lab's file watch never reads a half-written file.
  writeCount(db, o.tickets);
  const scheduled = new Set(o.steps.map((s) => s.buyer));
  const buyers = Array.from({ length: o.buyers }, (_, i) => {
    const args: BuyerArgs = {
      db,
      latencyMs: o.latencyMs,
      lock: o.mode === 'lock',
      pause: scheduled.has(i + 1),
      buyers: o.buyers,
    };
    return ctx.Process({ target: 'ticket-buyer', args: [{ ...args }], name: buyerName(i + 1, k, o.repeat) });
  });
  const start = ctx.now();
  ctx.mark('round-start', k);
  if (o.mode === 'serial') {
    // The lecture's fix: the next buyer starts only once the previous one has ended.
    for (const p of buyers) {
      p.start();
      await p.join();
    }
  } else if (scheduled.size > 0) {
    // The scheduled buyers race, frozen at each checkpoint until the lab (conduct) resumes
    // them in the schedule's order. Main passes each "I am at my checkpoint" on as a mark,
    // since only main hears its children.
    const racing = buyers.filter((_, i) => scheduled.has(i + 1));
    for (const p of racing) p.start();
    await Promise.all(
      racing.map(async (p) => {
        for (const at of ['r', 'w'] as const) {
          if ((await p.waitReport(`at-${at}`)) === undefined) return;
          ctx.mark('checkpoint', `${p.name}:${at}`);
        }
      }),
    );
    for (const p of racing) await p.join();
    // Buyers the schedule does not name come after, one by one: they add no race of their own,
    // so the oversell is exactly the scheduled one.
    for (const p of buyers.filter((_, i) => !scheduled.has(i + 1))) {
      p.start();
      await p.join();
    }
  } else {
    // unsafe and lock: start all, then join all.
    for (const p of buyers) p.start();
    for (const p of buyers) await p.join();
  }
  const wallMs = Math.round(ctx.now() - start);
  return summarize(buyers, start, wallMs, readCount(db));
}

function summarize(buyers: PyProcess[], start: number, wallMs: number, remaining: number | null): RoundResult {
  const rel = (v: FactValue | undefined): number | null => {
    const n = num(v);
    return n === null ? null : Math.round(n - start);
  };
  const searching: Array<[number, number]> = [];
  const inGet: Array<[number, number]> = [];
  let sold = 0;
  // No result and a failing exit code (not a signal): the buyer's own error, e.g. the lock.
  const gaveUp = buyers.filter((p) => !p.reports.has('result') && (p.exitcode ?? 0) > 0).length;
  const perBuyer = buyers.map((p): FactValue => {
    const r = p.reports.get('result');
    const res = r && typeof r === 'object' && !Array.isArray(r) ? r : {};
    const success = res.success === true;
    if (success) sold += 1;
    const [s0, s1, g0, g1] = [num(res.searchStartAt), num(res.searchReadAt), num(res.getReadAt), num(res.decidedAt)];
    if (s0 !== null && s1 !== null) searching.push([s0, s1]);
    if (g0 !== null && g1 !== null) inGet.push([g0, g1]);
    return {
      name: p.name,
      pid: p.pid,
      searchRead: num(res.searchRead),
      getRead: num(res.getRead),
      wrote: num(res.wrote),
      success,
      startMs: rel(p.startAt ?? undefined),
      searchStartMs: rel(res.searchStartAt),
      searchReadMs: rel(res.searchReadAt),
      getStartMs: rel(res.getStartAt),
      lockedMs: rel(res.lockedAt),
      getReadMs: rel(res.getReadAt),
      decidedMs: rel(res.decidedAt),
      getEndMs: rel(res.getEndAt),
      endMs: rel(p.exitAt ?? undefined),
      pyExitcode: p.exitcode,
    };
  });
  const search = overlap(searching);
  return {
    sold,
    remaining,
    wallMs,
    perBuyer,
    searchOverlapMs: search.ms,
    maxSearchingAtOnce: search.max,
    maxGetsAtOnce: overlap(inGet).max,
    gaveUp,
  };
}

const DB_PREFIX = 'process-lab-ticket-';

async function ticketMain(ctx: MainContext, opts: ExperimentOptions): Promise<void> {
  const o = ticketOptions(opts);
  // Named by the run id, so a sweep can remove it if the host dies before it does (run-temp).
  const dir = makeRunTemp('ticket');
  const db = join(dir, 'db.json');
  // The lab learns the file from this mark: it watches the file, reads its last version once
  // main has ended, then removes the folder (main leaves it, so that last read never misses).
  ctx.mark('db-file', db);
  const t0 = ctx.now();
  const rounds: RoundResult[] = [];
  for (let k = 1; k <= o.repeat; k++) rounds.push(await round(ctx, o, db, k));
  const wallMs = Math.round(ctx.now() - t0);
  const last = rounds[rounds.length - 1]!;
  const oversold = (sold: number): number => Math.max(0, sold - o.tickets);
  ctx.fact('mode', o.mode);
  ctx.fact('tickets', o.tickets);
  ctx.fact('buyers', o.buyers);
  ctx.fact('latencyMs', Math.round(o.latencyMs));
  ctx.fact('schedule', o.steps.length > 0 ? o.steps.map((s) => `${s.at}${s.buyer}`).join(',') : null);
  ctx.fact('sold', last.sold);
  ctx.fact('remaining', last.remaining);
  ctx.fact('oversold', oversold(last.sold));
  // Each sale writes once; a write based on a stale read overwrites another sale.
  ctx.fact('lostUpdates', last.remaining === null ? null : last.sold + last.remaining - o.tickets);
  ctx.fact('wallMs', wallMs);
  ctx.fact('searchOverlapMs', last.searchOverlapMs);
  ctx.fact('maxSearchingAtOnce', last.maxSearchingAtOnce);
  ctx.fact('maxGetsAtOnce', last.maxGetsAtOnce);
  ctx.fact(
    'gaveUp',
    rounds.reduce((n, r) => n + r.gaveUp, 0),
  );
  ctx.fact('timesAre', 'ms since the round started (main, just before its first start())');
  ctx.fact('perBuyer', last.perBuyer);
  if (o.repeat > 1) {
    ctx.fact('perBuyerRound', o.repeat);
    const histogram: Record<string, number> = {};
    for (const r of rounds) histogram[String(r.sold)] = (histogram[String(r.sold)] ?? 0) + 1;
    ctx.fact('histogram', histogram);
    ctx.fact(
      'rounds',
      rounds.map((r, i) => ({
        round: i + 1,
        sold: r.sold,
        remaining: r.remaining,
        oversold: oversold(r.sold),
        wallMs: r.wallMs,
        searchOverlapMs: r.searchOverlapMs,
      })),
    );
  }
}

function marks(run: RunHandle, label: string): Array<{ t: number; detail: unknown }> {
  return run
    .events()
    .flatMap((e) =>
      e.type === 'mark' && e.label === label ? [{ t: e.t, detail: 'detail' in e ? e.detail : undefined }] : [],
    );
}

/** Lets the event loop handle I/O (the child's IPC, the timers) between two samples. */
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Resumes the scheduled buyers in the schedule's order. The supervisor, not main, does it:
 * a SIGCONT that arrives before the buyer's own SIGSTOP is lost and the buyer stays frozen
 * forever, so each resume must wait until the stop is *seen* — and the sampler, which reads the
 * state from the OS (`/proc/<pid>/stat` or `ps`), is on this side. Sending it through
 * `run.signal` also checks the pid belongs to the run and puts every SIGCONT on the timeline.
 */
async function resumeInOrder(run: RunHandle, o: TicketOptions): Promise<void> {
  const waitMs = 20_000 + o.buyers * (2 * o.latencyMs + 1000);
  const log: FactValue[] = [];
  run.fact('resumedBy', 'the lab (supervisor), after the sampler saw state T');
  for (let k = 1; k <= o.repeat; k++) {
    for (const step of o.steps) {
      const name = buyerName(step.buyer, k, o.repeat);
      const label = `${name}:${step.at}`;
      const arrived = (l: string) => (): boolean => marks(run, 'checkpoint').some((m) => m.detail === l);
      await run.waitUntil(() => arrived(label)() || mainGone(run), waitMs, `${name} at checkpoint ${step.at}`);
      // Main gone first: the run was stopped (or main failed, which its exit code and log show).
      // Nobody is left to resume.
      if (!arrived(label)()) return;
      const rec = byName(run, name);
      if (!rec) throw new LabError('not-possible', `${name} reached checkpoint ${step.at} but is not in the run`);
      // The child reported before stopping itself: sample afresh until the OS shows it stopped.
      const until = Date.now() + 5000;
      do {
        await run.sampleNow();
        if (rec.state !== 'T') await yieldToLoop();
      } while (rec.state !== 'T' && rec.state !== 'exited' && !mainGone(run) && Date.now() < until);
      if (mainGone(run)) return;
      if (rec.state !== 'T')
        throw new LabError(
          'not-possible',
          `${name} said it was at checkpoint ${step.at} but was not seen stopped (state ${rec.state})`,
        );
      // SIGCONT: the only way past a SIGSTOP. The buyer goes on from its checkpoint.
      run.signal(rec.pid, 'SIGCONT', 'lab');
      const resumed = run.events().findLast((e) => e.type === 'signalled' && e.pid === rec.pid);
      // The step is done when the buyer has read and reached its write checkpoint (r), or has
      // written and ended (w): only then may the next step's buyer move.
      const done = step.at === 'r' ? arrived(`${name}:w`) : (): boolean => rec.state === 'exited';
      await run.waitUntil(() => done() || mainGone(run), waitMs, `${name} to finish step ${step.at}`);
      const start = marks(run, 'round-start').find((m) => m.detail === k)?.t ?? 0;
      const at = marks(run, 'checkpoint').find((m) => m.detail === label)?.t;
      log.push({
        round: k,
        step: `${step.at}${step.buyer}`,
        name,
        pid: rec.pid,
        arrivedMs: at === undefined ? null : Math.round(at - start),
        resumedMs: resumed ? Math.round(resumed.t - start) : null,
      });
      // Recorded step by step, so a run ended half-way still shows the steps it took.
      run.fact('scheduleLog', [...log]);
    }
  }
}

/**
 * The db file main announced, if it is in one of our own temp folders. The lab reads what
 * this names (and sends it to the view) and removes its folder: nothing else, whatever a
 * mark says.
 */
function ownDbFile(run: RunHandle): string | null {
  const db = marks(run, 'db-file')[0]?.detail;
  if (typeof db !== 'string') return null;
  const dir = dirname(resolve(db));
  if (dirname(dir) !== resolve(tmpdir()) || !basename(dir).startsWith(DB_PREFIX)) return null;
  try {
    // The folder itself, not a link to one elsewhere, and ours (the path is only text).
    const st = lstatSync(dir);
    if (!st.isDirectory() || realpathSync(dir) !== join(realpathSync(tmpdir()), basename(dir))) return null;
    if (process.getuid && st.uid !== process.getuid()) return null;
  } catch {
    return null;
  }
  return resolve(db);
}

/** Removes the run's db folder (main leaves it to the lab). */
function removeDbFolder(run: RunHandle): void {
  const db = ownDbFile(run);
  if (db) rmSync(dirname(db), { recursive: true, force: true });
}

/**
 * The 抢票 experiment. Facts (times are ms since the round started, main's shared clock):
 * `mode`, `tickets`, `buyers`, `latencyMs` (real, scaled), `schedule`; `sold` (buyers told
 * 抢票成功), `remaining` (the file at the end), `oversold` (sold − tickets, ≥ 0), `lostUpdates`
 * (sold + remaining − tickets: sales overwritten by a stale write), `wallMs` (all rounds),
 * `searchOverlapMs` / `maxSearchingAtOnce` (searches side by side), `maxGetsAtOnce` (buyers
 * between their get() read and their write at once: 1 means no race), `perBuyer` (pid, name,
 * counts read in search and get, what it wrote, success, timestamps, pyExitcode), `gaveUp`
 * (buyers that ended in an error without an answer, all rounds; in serial and lock mode this or
 * a lost sale is the report's `error`, see ticket-safety). With
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
  lecture: LECTURE,
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
  main: ticketMain,
  async conduct(run, opts) {
    const o = ticketOptions(opts);
    try {
      // The db file, as the buyers leave it, read by the lab (not told by any buyer).
      await run.waitUntil(() => marks(run, 'db-file').length > 0 || mainGone(run), 2 ** 31 - 1, 'the db file');
      const db = ownDbFile(run);
      if (db) run.watchFile(db);
      if (o.steps.length > 0) {
        try {
          await resumeInOrder(run, o);
        } catch (err) {
          // Buyers frozen at a checkpoint would keep main joining them forever: end the run.
          run.endNow();
          throw err;
        }
      }
      // However the run ends, main is reaped by then (records are closed on the last tick).
      await mainExited(run, 2 ** 31 - 1);
      // A safe mode that lost a sale or left a buyer without an answer: the report's error.
      const fault = safetyFault(run.facts());
      if (fault) throw new Error(fault);
    } finally {
      // Main and its buyers gone first (a failed step ends the run: they are being ended), so
      // the file holds its last version; one more read (a tick reads every watched file), then
      // the folder goes. The run waits for this before its last tick, stopped or not.
      await mainExited(run, 10_000).catch(() => undefined);
      await run.sampleNow();
      removeDbFolder(run);
    }
  },
};
