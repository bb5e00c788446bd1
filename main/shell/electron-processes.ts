/**
 * The app's own processes as the lab shows them: Electron is itself a lesson in multi-process
 * design (one browser process, a GPU process, a renderer per page, utility processes for the
 * network and audio). `app.getAppMetrics()` lists them; this turns its answer into records with
 * role `electron`, beside the experiments' processes. Electron-free: the shell passes the metrics.
 */
import type { ProcRecord } from '../../contract/process';

/** The fields of Electron's `ProcessMetric` read here. */
export interface AppMetricLike {
  pid: number;
  type: string;
  name?: string;
  serviceName?: string;
  /** Epoch ms. */
  creationTime: number;
  cpu: { percentCPUUsage: number };
  /** Kilobytes, as Electron reports it. */
  memory: { workingSetSize: number };
}

/** A name a student can read: `browser (main)`, `renderer`, `gpu`, `utility: Network Service`. */
export function electronProcessName(m: AppMetricLike): string {
  switch (m.type) {
    case 'Browser':
      return 'electron: browser (main)';
    case 'Tab':
      return 'electron: renderer';
    case 'GPU':
      return 'electron: gpu';
    case 'Utility':
      return `electron: utility${m.name || m.serviceName ? `: ${m.name || m.serviceName}` : ''}`;
    default:
      return `electron: ${m.type.toLowerCase()}`;
  }
}

/**
 * Records for the app's processes. `ppid` is the logical parent: the browser process for every
 * helper (on Linux the OS parent of a renderer is the zygote, itself the browser's child), and
 * the app's real parent for the browser. The lab never signals these (`labStarted: false`).
 *
 * @param browserPid the browser (main) process's pid, `process.pid` in Electron's main.
 * @param browserPpid its parent's pid.
 */
export function metricsToRecords(
  metrics: readonly AppMetricLike[],
  browserPid: number,
  browserPpid: number,
): ProcRecord[] {
  const browser = metrics.find((m) => m.type === 'Browser');
  const origin = browser?.creationTime ?? Math.min(...metrics.map((m) => m.creationTime));
  return metrics.map((m) => {
    const ppid = m.pid === browserPid ? browserPpid : browserPid;
    return {
      labId: `electron:${m.pid}`,
      runId: 'electron',
      pid: m.pid,
      ppid,
      ppids: [ppid],
      name: electronProcessName(m),
      role: 'electron',
      startMs: Math.max(0, Math.round(m.creationTime - origin)),
      endMs: null,
      exitCode: null,
      signal: null,
      pyExitcode: null,
      // getAppMetrics does not report a state letter; '?' says "not known" honestly.
      states: ['?'],
      state: '?',
      labStarted: false,
      cpu: Math.round(m.cpu.percentCPUUsage * 10) / 10,
      rss: Math.round(m.memory.workingSetSize * 1024),
    };
  });
}
