/**
 * A run's measured facts in words a student understands: one describer per experiment picks
 * the facts that carry the lecture's claim and says what each one means. Every fact a describer
 * does not name is still shown, as a labelled key/value row, so an experiment the view does not
 * know yet (or a fact added later) is never hidden. Values are the report's, formatted, never
 * computed into something the OS did not say.
 *
 * The describers read each experiment's typed facts (contract/experiments): a key or a column
 * the engine does not write is a type error here, not an empty row.
 */
import type { FactValue, RunReport } from '../../../contract/report';
import type { ExperimentFacts, FactsExperiment } from '../../../contract/experiments';
import { formatBytes, formatMs } from './format';
import { t } from './i18n.svelte';

/** One line of the facts panel (`id` is the fact's key, used for `data-testid="fact-<id>"`). */
export type FactRow =
  | { kind: 'value'; id: string; label: string; value: string; strong?: boolean; code?: boolean }
  | { kind: 'table'; id: string; label: string; columns: string[]; rows: string[][] };

/** A fact in milliseconds as a student reads it: `850 ms`, `1.24 s`, `—`. */
export function factMs(v: FactValue | undefined): string {
  return formatMs(typeof v === 'number' ? v : null);
}

/** Python's spelling of a boolean, as the lecture prints it. */
export function py(v: FactValue | undefined): string {
  return v === true ? 'True' : v === false ? 'False' : '—';
}

type Obj = { [k: string]: FactValue };
const isObj = (v: FactValue | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The words for a key (`fact.<key>`, `facts.col.<key>`), or the key itself where there are none. */
const label = (prefix: 'fact' | 'facts.col', key: string): string => t(`${prefix}.${key}`, { defaultValue: key });

/**
 * Any fact value as one line of text. An object's parts are named by their words where the view
 * has them (`facts.col.<key>`), else shown by value alone: never by a program's inner key.
 */
export function formatValue(v: FactValue | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => {
        const words = t(`facts.col.${k}`, { defaultValue: '' });
        return words ? `${words}: ${formatValue(x)}` : formatValue(x);
      })
      .join('; ');
  return String(v);
}

/** A value formatted by what its key says it is: `…Ms` a duration, `…Bytes` a size. */
export function formatByKey(key: string, v: FactValue | undefined): string {
  if (typeof v === 'number' && /Ms$/.test(key)) return factMs(v);
  if (typeof v === 'number' && /Bytes$/.test(key)) return formatBytes(v);
  return formatValue(v);
}

/** A value the engine names with a word of its own (`unsafe`, `startAllJoinAll`), in the student's words. */
const named =
  (group: 'mode' | 'variant' | 'phase') =>
  (v: FactValue | undefined): string =>
    typeof v === 'string' ? t(`factValue.${group}.${v}`, { defaultValue: v }) : formatValue(v);

type Fmt<V> = (v: V | undefined) => string;
/** The keys of the objects in an array-valued fact. */
type ColumnKey<V> = V extends ReadonlyArray<infer T> ? keyof T & string : never;
/** A table column: its key in each object, the i18n key of its head, and how its cells read. */
type Column<V> = [key: ColumnKey<V>, labelKey: string, fmt?: (v: FactValue | undefined) => string];

/** An array of objects as a table: the given columns, or the union of their keys. */
function table(
  id: string,
  label: string,
  v: FactValue | undefined,
  columns: Array<[string, string, Fmt<FactValue>?]>,
): FactRow {
  const items = Array.isArray(v) ? v.filter(isObj) : [];
  return {
    kind: 'table',
    id,
    label,
    columns: columns.map(([, l]) => l),
    rows: items.map((o) => columns.map(([k, , fmt]) => (fmt ? fmt(o[k]) : formatByKey(k, o[k])))),
  };
}

/** Builds rows from one experiment's facts (`F`, its contract type); marks which keys it used. */
class Rows<F> {
  rows: FactRow[] = [];
  used = new Set<string>();
  readonly #facts: Record<string, FactValue>;
  constructor(facts: Record<string, FactValue>) {
    this.#facts = facts;
  }

  value<K extends keyof F & string>(key: K, labelKey: string, fmt?: Fmt<F[K]>, strong = false): this {
    this.used.add(key);
    if (!(key in this.#facts)) return this;
    const v = this.#facts[key];
    const value = fmt ? fmt(v as F[K]) : formatValue(v);
    this.rows.push({ kind: 'value', id: key, label: t(labelKey), value, strong });
    return this;
  }
  code<K extends keyof F & string>(key: K, labelKey: string, fmt?: Fmt<F[K]>, strong = false): this {
    this.value(key, labelKey, fmt, strong);
    const last = this.rows.at(-1);
    if (last?.kind === 'value' && last.id === key) last.code = true;
    return this;
  }
  table<K extends keyof F & string>(key: K, labelKey: string, columns: Array<Column<F[K]>>): this {
    this.used.add(key);
    const v = this.#facts[key];
    if (Array.isArray(v))
      this.rows.push(
        table(
          key,
          t(labelKey),
          v,
          columns.map(([k, l, fmt]) => [k, t(l), fmt]),
        ),
      );
    return this;
  }
  skip(...keys: Array<keyof F & string>): this {
    for (const k of keys) this.used.add(k);
    return this;
  }
}

const at = (v: FactValue | undefined): string => (typeof v === 'number' ? t('facts.at', { t: factMs(v) }) : '—');
const percent = (v: FactValue | undefined): string => (typeof v === 'number' ? `${v} %` : '—');
const times = (v: FactValue | undefined): string => (typeof v === 'number' ? `${v}×` : '—');
/** The "1 core" option as the run's main found it: the CPU pinned to and the kernel's list then. */
const pinned = (v: FactValue | undefined): string =>
  isObj(v) && typeof v.cpu === 'number'
    ? t('facts.parallel.oneCoreOn', { cpu: v.cpu, allowed: formatValue(v.allowed) })
    : t('facts.parallel.oneCoreOff');
const yesNo = (v: FactValue | undefined): string => t(v === true ? 'facts.yes' : 'facts.no');

/** One describer per experiment, each over its own facts' type. */
type Describers = { [Id in FactsExperiment]: (r: Rows<ExperimentFacts[Id]>, report: RunReport) => void };

const DESCRIBERS: Describers = {
  parallel(r) {
    r.value('cores', 'facts.parallel.cores', formatValue, true)
      .value('tasks', 'facts.parallel.tasks')
      .value('workMs', 'facts.parallel.work', factMs)
      .value('serialMs', 'facts.parallel.serial', factMs, true)
      .value('oneCore', 'facts.parallel.oneCore', pinned, true)
      .value('parallelMs', 'facts.parallel.parallel', factMs, true)
      .value('parallelCpuSumMs', 'facts.parallel.cpuSum', factMs, true)
      .value('speedup', 'facts.parallel.speedup', times, true)
      .value('idealSpeedup', 'facts.parallel.idealSpeedup', times)
      .value('peakTotalCpuPercent', 'facts.parallel.peakTotal', percent, true)
      .value('cpuCapacityPercent', 'facts.parallel.capacity', percent, true)
      .value('parallelMeanWallPerCpu', 'facts.parallel.wallPerCpu', times)
      .table('perTask', 'facts.parallel.perTask', [
        ['phase', 'facts.col.phase', named('phase')],
        ['name', 'facts.col.name'],
        ['pid', 'facts.col.pid'],
        ['wallMs', 'facts.col.wallMs'],
        ['cpuMs', 'facts.col.cpuMs'],
        ['wallPerCpu', 'facts.col.wallPerCpu'],
        ['peakCpuPercent', 'facts.col.peakCpu'],
        ['peakRssBytes', 'facts.col.peakRss'],
        ['cpusAllowed', 'facts.col.cpusAllowed'],
      ]);
  },
  join(r) {
    r.value('serialInProcessMs', 'facts.join.serial', factMs, true)
      .value('startAllJoinAllMs', 'facts.join.startAllJoinAll', factMs, true)
      .value('startJoinEachMs', 'facts.join.startJoinEach', factMs, true)
      .value('longestTaskMs', 'facts.join.longest', factMs)
      .value('sumOfTasksMs', 'facts.join.sum', factMs)
      .table('children', 'facts.join.children', [
        ['variant', 'facts.col.variant', named('variant')],
        ['name', 'facts.col.name'],
        ['pid', 'facts.col.pid'],
        ['taskMs', 'facts.col.taskMs'],
        ['startOverheadMs', 'facts.col.startOverheadMs'],
        ['pyExitcode', 'facts.col.pyExitcode'],
      ]);
  },
  lifecycle(r) {
    r.value('names', 'facts.lifecycle.names')
      .code('aliveBeforeTerminate', 'facts.lifecycle.aliveBefore', py)
      .code('aliveRightAfterTerminate', 'facts.lifecycle.aliveRightAfter', py, true)
      .code('aliveAfterJoin', 'facts.lifecycle.aliveAfterJoin', py)
      .code('pyExitcode', 'facts.lifecycle.pyExitcode', formatValue, true)
      .code('killPyExitcode', 'facts.lifecycle.killPyExitcode')
      .value('terminateRequestMs', 'facts.lifecycle.requested', at)
      .value('signalDeliveredMs', 'facts.lifecycle.delivered', at)
      .value('exitMs', 'facts.lifecycle.exited', at)
      .value('reapMs', 'facts.lifecycle.reaped', at)
      .value('zombieSeen', 'facts.lifecycle.zombieSeen', yesNo)
      .skip('p1Pid');
  },
  zombie(r, report) {
    const main = report.processes.find((p) => p.role === 'main')?.pid ?? '?';
    r.value('zombiesSeen', 'facts.zombie.seen', formatValue, true)
      .value('maxZombiesAtOnce', 'facts.zombie.maxAtOnce')
      .value('reapedBy', 'facts.zombie.reapedBy', (v) =>
        v === 'parent'
          ? t('facts.zombie.byParent', { pid: main })
          : v
            ? t('facts.zombie.byAdopter', { pid: v.pid, name: v.name })
            : t('facts.zombie.notReaped'),
      )
      .value('end', 'facts.zombie.end', (v) => t(`facts.zombie.end.${String(v)}`))
      .value('pidMax', 'facts.zombie.pidMax')
      .value('cgroupPidsMax', 'facts.zombie.cgroupPidsMax')
      .value('pidsHeldPercentOfPidMax', 'facts.zombie.percent', (v) => `${formatValue(v)} %`)
      .value('parentStopsWaitingMs', 'facts.zombie.stopsWaiting', at)
      .value('zombiesGoneMs', 'facts.zombie.gone', at);
  },
  orphan(r, report) {
    r.value('orphanPid', 'facts.orphan.pid')
      .value('originalPpid', 'facts.orphan.originalPpid', formatValue, true)
      .value('adoptedByPid', 'facts.orphan.adoptedByPid', formatValue, true)
      .value('adoptedByName', 'facts.orphan.adoptedByName', formatValue, true)
      .value('parentExitMs', 'facts.orphan.parentExit', at)
      .value('adoptedAtMs', 'facts.orphan.adoptedAt', at)
      .value('orphanEndMs', 'facts.orphan.end', at);
    // Exit and reap are two times: the reap is the report's own record of the orphan (the
    // tick that no longer found its zombie), null where the adopter had not reaped it when the
    // run ended. Said as such, never implied by the exit.
    const pid = report.facts.orphanPid;
    const orphan = report.processes.find((p) => p.pid === pid);
    if (orphan && orphan.endMs !== null)
      r.rows.push({
        kind: 'value',
        id: 'orphanReapedMs',
        label: t('facts.orphan.reaped'),
        value: orphan.reapedMs === null ? t('facts.orphan.notReaped') : at(orphan.reapedMs),
      });
  },
  daemon(r) {
    r.value('mainCodeEndMs', 'facts.daemon.mainCodeEnd', at, true)
      .value('daemonEndMs', 'facts.daemon.daemonEnd', at, true)
      .code('daemonPyExitcode', 'facts.daemon.daemonExitcode')
      .value('normalEndMs', 'facts.daemon.normalEnd', at)
      .code('normalPyExitcode', 'facts.daemon.normalExitcode')
      .value('mainExitMs', 'facts.daemon.mainExit', at);
  },
  'ticket-race'(r) {
    r.value('mode', 'facts.race.mode', named('mode'))
      .value('tickets', 'facts.race.tickets')
      .value('buyers', 'facts.race.buyers')
      .value('sold', 'facts.race.sold', formatValue, true)
      .value('remaining', 'facts.race.remaining')
      .value('oversold', 'facts.race.oversold', formatValue, true)
      .value('lostUpdates', 'facts.race.lostUpdates')
      .value('wallMs', 'facts.race.wall', factMs, true)
      .value('maxGetsAtOnce', 'facts.race.maxGetsAtOnce')
      .value('searchOverlapMs', 'facts.race.searchOverlap', factMs)
      .value('latencyMs', 'facts.race.latency', factMs)
      .value('schedule', 'facts.race.schedule')
      .value('histogram', 'facts.race.histogram', (v) =>
        v
          ? Object.entries(v)
              .map(([sold, n]) => t('facts.race.histogramItem', { sold, n: formatValue(n) }))
              .join(' · ')
          : '—',
      )
      // The per-buyer rows, rounds and schedule log are drawn by the race view itself.
      .skip('perBuyer', 'rounds', 'perBuyerRound', 'scheduleLog', 'resumedBy', 'timesAre');
  },
  spawn(r) {
    r.value('mainPid', 'facts.spawn.mainPid', formatValue, true)
      .value('mainPpid', 'facts.spawn.mainPpid')
      .value('distinctPids', 'facts.spawn.distinctPids', formatValue, true)
      .value('sameProgram', 'facts.spawn.sameProgram', yesNo)
      .code('program', 'facts.spawn.program')
      .value('allIdsAgree', 'facts.spawn.allIdsAgree', yesNo, true)
      .table('children', 'facts.spawn.children', [
        ['style', 'facts.col.style', named('variant')],
        ['name', 'facts.col.name'],
        ['pid', 'facts.col.pPid'],
        ['childPid', 'facts.col.childPid'],
        ['childPpid', 'facts.col.childPpid'],
        ['osPid', 'facts.col.osPid'],
        ['osPpid', 'facts.col.osPpid'],
        ['pyExitcode', 'facts.col.pyExitcode'],
      ]);
  },
  isolation(r) {
    r.code('parentBefore', 'facts.isolation.parentBefore')
      .code('childInitial', 'facts.isolation.childInitial', (v) => (v === null ? 'None' : formatValue(v)))
      .code('childSaw', 'facts.isolation.childSaw')
      .code('childAfter', 'facts.isolation.childAfter', formatValue, true)
      .code('parentWhileChildAlive', 'facts.isolation.parentWhileChildAlive', formatValue, true)
      .code('childAliveThen', 'facts.isolation.childAliveThen', py)
      .code('parentAfter', 'facts.isolation.parentAfter', formatValue, true)
      .value('parentPid', 'facts.isolation.parentPid')
      .value('childPid', 'facts.isolation.childPid')
      .value('childSeenPid', 'facts.isolation.childSeenPid')
      .value('childSeenPpid', 'facts.isolation.childSeenPpid')
      .code('childPyExitcode', 'facts.isolation.childPyExitcode');
  },
};

const isDescribed = (id: string): id is FactsExperiment => Object.hasOwn(DESCRIBERS, id);

/** The facts of a run: the experiment's own rows first, then every other fact, generically. */
export function describeFacts(report: RunReport): { known: FactRow[]; other: FactRow[] } {
  const r = new Rows<never>(report.facts);
  // The report is this experiment's: its facts are its describer's type.
  if (isDescribed(report.experiment))
    (DESCRIBERS[report.experiment] as unknown as (r: Rows<never>, report: RunReport) => void)(r, report);
  const other: FactRow[] = [];
  for (const [key, v] of Object.entries(report.facts)) {
    if (r.used.has(key)) continue;
    if (Array.isArray(v) && v.some(isObj)) {
      const keys = [...new Set(v.filter(isObj).flatMap((o) => Object.keys(o)))];
      other.push(
        table(
          key,
          label('fact', key),
          v,
          keys.map((k): [string, string] => [k, label('facts.col', k)]),
        ),
      );
    } else other.push({ kind: 'value', id: key, label: label('fact', key), value: formatByKey(key, v), code: true });
  }
  return { known: r.rows, other };
}
