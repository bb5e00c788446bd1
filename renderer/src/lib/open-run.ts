/**
 * "Open run…" in words: why a file could not be opened, and where an opened run was recorded
 * (a zombie run from Linux opened on Windows says so, since this machine could not have made it).
 */
import type { ReportProblem } from '../../../contract/report-schema';
import { REPORT_FORMAT, type RunReport } from '../../../contract/report';
import { t } from './i18n.svelte';

/** One sentence for a file that did not open. */
export function problemText(p: ReportProblem): string {
  switch (p.code) {
    case 'not-json':
      return t('replay.problem.notJson', { detail: p.detail });
    case 'not-report':
      return t('replay.problem.notReport');
    case 'newer':
      return t('replay.problem.newer', { format: p.format, ours: REPORT_FORMAT });
    case 'older':
      return t('replay.problem.older', { format: p.format, ours: REPORT_FORMAT });
    case 'invalid':
      return t('replay.problem.invalid', { detail: p.detail });
  }
}

/** "linux, x64 · 2 cores · 6.18.44": the machine a report was recorded on. */
export function recordedOn(report: Pick<RunReport, 'platform'>): { os: string; machine: string } {
  const p = report.platform;
  return { os: p.os, machine: `${p.arch} · ${t('replay.cores', { count: p.cores })} · ${p.release}` };
}
