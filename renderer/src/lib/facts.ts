/**
 * A run's measured facts in words a student understands: one describer per experiment picks
 * the facts that carry the lecture's claim and says what each one means. Every fact a describer
 * does not name is still shown, as a labelled key/value row, so an experiment the view does not
 * know yet (or a fact added later) is never hidden. Values are the report's, formatted, never
 * computed into something the OS did not say.
 */
import type { FactValue, RunReport } from '../../../contract/report';
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

/** Any fact value as one line of text. */
export function formatValue(v: FactValue | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join('; ');
  return String(v);
}

/** A value formatted by what its key says it is: `…Ms` a duration, `…Bytes` a size. */
export function formatByKey(key: string, v: FactValue | undefined): string {
  if (typeof v === 'number' && /Ms$/.test(key)) return factMs(v);
  if (typeof v === 'number' && /Bytes$/.test(key)) return formatBytes(v);
  return formatValue(v);
}

type Obj = { [k: string]: FactValue };
const isObj = (v: FactValue | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An array of objects as a table: the union of their keys as columns. */
function table(id: string, label: string, v: FactValue | undefined, columns?: Array<[string, string]>): FactRow {
  const items = Array.isArray(v) ? v.filter(isObj) : [];
  const cols = columns ?? [...new Set(items.flatMap((o) => Object.keys(o)))].map((k): [string, string] => [k, k]);
  return {
    kind: 'table',
    id,
    label,
    columns: cols.map(([, l]) => l),
    rows: items.map((o) => cols.map(([k]) => formatByKey(k, o[k]))),
  };
}

/** Builds rows from one report; marks which fact keys it used. */
class Rows {
  rows: FactRow[] = [];
  used = new Set<string>();
  constructor(readonly facts: Record<string, FactValue>) {}

  value(key: string, labelKey: string, fmt: (v: FactValue | undefined) => string = formatValue, strong = false): this {
    this.used.add(key);
    if (!(key in this.facts)) return this;
    this.rows.push({ kind: 'value', id: key, label: t(labelKey), value: fmt(this.facts[key]), strong });
    return this;
  }
  code(key: string, labelKey: string, fmt: (v: FactValue | undefined) => string = formatValue, strong = false): this {
    this.value(key, labelKey, fmt, strong);
    const last = this.rows.at(-1);
    if (last?.kind === 'value' && last.id === key) last.code = true;
    return this;
  }
  table(key: string, labelKey: string, columns: Array<[string, string]>): this {
    this.used.add(key);
    if (Array.isArray(this.facts[key]))
      this.rows.push(
        table(
          key,
          t(labelKey),
          this.facts[key],
          columns.map(([k, l]) => [k, t(l)]),
        ),
      );
    return this;
  }
  skip(...keys: string[]): this {
    for (const k of keys) this.used.add(k);
    return this;
  }
}

const at = (v: FactValue | undefined): string => (typeof v === 'number' ? t('facts.at', { t: factMs(v) }) : '—');

const percent = (v: FactValue | undefined): string => (typeof v === 'number' ? `${v} %` : '—');
const times = (v: FactValue | undefined): string => (typeof v === 'number' ? `${v}×` : '—');

const DESCRIBERS: Record<string, (r: Rows, report: RunReport) => void> = {
  parallel(r) {
    r.value('cores', 'facts.parallel.cores', formatValue, true)
      .value('tasks', 'facts.parallel.tasks')
      .value('workMs', 'facts.parallel.work', factMs)
      .value('serialMs', 'facts.parallel.serial', factMs, true)
      .value('parallelMs', 'facts.parallel.parallel', factMs, true)
      .value('speedup', 'facts.parallel.speedup', times, true)
      .value('idealSpeedup', 'facts.parallel.idealSpeedup', times)
      .value('peakTotalCpuPercent', 'facts.parallel.peakTotal', percent, true)
      .value('cpuCapacityPercent', 'facts.parallel.capacity', percent, true)
      .value('parallelMeanWallPerCpu', 'facts.parallel.wallPerCpu', times)
      .table('perTask', 'facts.parallel.perTask', [
        ['phase', 'facts.col.phase'],
        ['name', 'facts.col.name'],
        ['pid', 'facts.col.pid'],
        ['wallMs', 'facts.col.wallMs'],
        ['cpuMs', 'facts.col.cpuMs'],
        ['wallPerCpu', 'facts.col.wallPerCpu'],
        ['peakCpuPercent', 'facts.col.peakCpu'],
        ['peakRssBytes', 'facts.col.peakRss'],
      ]);
  },
  join(r) {
    r.value('serialInProcessMs', 'facts.join.serial', factMs, true)
      .value('startAllJoinAllMs', 'facts.join.startAllJoinAll', factMs, true)
      .value('startJoinEachMs', 'facts.join.startJoinEach', factMs, true)
      .value('longestTaskMs', 'facts.join.longest', factMs)
      .value('sumOfTasksMs', 'facts.join.sum', factMs)
      .table('children', 'facts.join.children', [
        ['variant', 'facts.col.variant'],
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
      .value('zombieSeen', 'facts.lifecycle.zombieSeen', (v) => t(v === true ? 'facts.yes' : 'facts.no'))
      .skip('p1Pid');
  },
  zombie(r, report) {
    const main = report.processes.find((p) => p.role === 'main')?.pid ?? '?';
    r.value('zombiesSeen', 'facts.zombie.seen', formatValue, true)
      .value('maxZombiesAtOnce', 'facts.zombie.maxAtOnce')
      .value('reapedBy', 'facts.zombie.reapedBy', (v) =>
        v === 'parent'
          ? t('facts.zombie.byParent', { pid: main })
          : isObj(v)
            ? t('facts.zombie.byAdopter', { pid: formatValue(v.pid), name: formatValue(v.name) })
            : t('facts.zombie.notReaped'),
      )
      .value('end', 'facts.zombie.end', (v) => t(`facts.zombie.end.${String(v)}`))
      .value('pidMax', 'facts.zombie.pidMax')
      .value('cgroupPidsMax', 'facts.zombie.cgroupPidsMax')
      .value('pidsHeldPercentOfPidMax', 'facts.zombie.percent', (v) => `${formatValue(v)} %`)
      .value('parentStopsWaitingMs', 'facts.zombie.stopsWaiting', at)
      .value('zombiesGoneMs', 'facts.zombie.gone', at);
  },
  orphan(r) {
    r.value('orphanPid', 'facts.orphan.pid')
      .value('originalPpid', 'facts.orphan.originalPpid', formatValue, true)
      .value('adoptedByPid', 'facts.orphan.adoptedByPid', formatValue, true)
      .value('adoptedByName', 'facts.orphan.adoptedByName', formatValue, true)
      .value('parentExitMs', 'facts.orphan.parentExit', at)
      .value('adoptedAtMs', 'facts.orphan.adoptedAt', at)
      .value('orphanEndMs', 'facts.orphan.end', at);
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
    r.value('mode', 'facts.race.mode')
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
        isObj(v)
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
      .value('sameProgram', 'facts.spawn.sameProgram', (v) => t(v === true ? 'facts.yes' : 'facts.no'))
      .code('program', 'facts.spawn.program')
      .value('allIdsAgree', 'facts.spawn.allIdsAgree', (v) => t(v === true ? 'facts.yes' : 'facts.no'), true)
      .table('children', 'facts.spawn.children', [
        ['style', 'facts.col.style'],
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

/** The facts of a run: the experiment's own rows first, then every other fact, generically. */
export function describeFacts(report: RunReport): { known: FactRow[]; other: FactRow[] } {
  const r = new Rows(report.facts);
  DESCRIBERS[report.experiment]?.(r, report);
  const other: FactRow[] = [];
  for (const [key, v] of Object.entries(report.facts)) {
    if (r.used.has(key)) continue;
    if (Array.isArray(v) && v.some(isObj)) other.push(table(key, key, v));
    else other.push({ kind: 'value', id: key, label: key, value: formatByKey(key, v), code: true });
  }
  return { known: r.rows, other };
}
