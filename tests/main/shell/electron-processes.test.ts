/** Electron's own processes, as records with role `electron` that the lab never signals. */
import { describe, expect, it } from 'vitest';
import { electronProcessName, metricsToRecords } from '../../../main/shell/electron-processes';

const metric = (pid: number, type: string, creationTime: number, extra: object = {}) => ({
  pid,
  type,
  creationTime,
  cpu: { percentCPUUsage: 1.234 },
  memory: { workingSetSize: 2048 },
  ...extra,
});

describe('metricsToRecords', () => {
  it('turns app metrics into electron-role records under the browser process', () => {
    const records = metricsToRecords(
      [
        metric(100, 'Browser', 1000),
        metric(101, 'GPU', 1100),
        metric(102, 'Tab', 1500),
        metric(103, 'Utility', 1200, { name: 'Network Service' }),
      ],
      100,
      50,
    );
    expect(records.map((r) => [r.pid, r.ppid, r.name, r.startMs])).toEqual([
      [100, 50, 'electron: browser (main)', 0],
      [101, 100, 'electron: gpu', 100],
      [102, 100, 'electron: renderer', 500],
      [103, 100, 'electron: utility: Network Service', 200],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({ role: 'electron', runId: 'electron', labStarted: false, endMs: null, state: '?' });
      expect(r.labId).toBe(`electron:${r.pid}`);
      expect(r.rss).toBe(2048 * 1024);
      expect(r.cpu).toBe(1.2);
    }
  });

  it('names unknown types plainly', () => {
    expect(electronProcessName(metric(1, 'Zygote', 0))).toBe('electron: zygote');
    expect(electronProcessName(metric(1, 'Utility', 0))).toBe('electron: utility');
  });
});
