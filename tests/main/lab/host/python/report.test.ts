/**
 * The traced run's facts and its human report, from a recorded traced run (the lecture's
 * lifecycle program under fork, recorded by `run lifecycle --python --json`): pure functions,
 * so the recorded events give the same answers the live run gave.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcRecord } from '../../../../../contract/process';
import type { RunReport } from '../../../../../contract/report';
import { pythonSection } from '../../../../../main/lab/cli/format-python';
import { pythonFacts } from '../../../../../main/lab/host/python/report';
import { helperRole } from '../../../../../main/lab/host/python/trace-link';
import { looksLikePython } from '../../../../../main/lab/host/python/start';

const { report } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../../renderer/fixtures/traced-lifecycle.json'), 'utf8'),
) as { report: RunReport };
const records = report.processes as unknown as ProcRecord[];
const [main, p1, rocky] = report.processes;

describe('pythonFacts', () => {
  it('recomputes the recorded run’s facts from its events and processes', () => {
    expect(pythonFacts('lifecycle', 0.1, records, report.events, null)).toEqual(report.pythonFacts);
  });

  it('lifecycle: is_alive() before and right after terminate(), the exitcode, the target', () => {
    const f = report.pythonFacts!.terminate!;
    expect(f).toMatchObject({ target: p1!.pid, aliveBefore: true, exitcode: -15 });
    expect([p1!.name, p1!.signal, rocky!.name, rocky!.signal]).toEqual(['Process-1', 'SIGTERM', 'rocky', 'SIGKILL']);
  });

  it('a zombie reaped by a traced wait names the caller and the API; one no wait collected names its reaper', () => {
    const zombie: ProcRecord = { ...(p1 as unknown as ProcRecord), states: ['S', 'Z'] };
    const f = pythonFacts(null, 1, [records[0]!, zombie], report.events, null);
    expect(f.zombies).toEqual([
      expect.objectContaining({
        pid: p1!.pid,
        reapedBy: expect.objectContaining({ pid: main!.pid, api: 'os.waitpid', within: 'Process.join' }),
      }),
    ]);
    const noWait = report.events.filter((e) => e.type !== 'call');
    expect(pythonFacts(null, 1, [zombie], noWait, null).zombies[0]!.reapedBy).toMatchObject({
      pid: main!.pid,
      api: null,
    });
  });
});

describe('the human report of a traced run', () => {
  it('lists the program’s calls with their targets and results, and each process’s prints', () => {
    const text = pythonSection(report).join('\n');
    expect(text).toMatch(
      new RegExp(`MainProcess \\(${main!.pid}\\): Process\\.terminate\\(Process-1 \\(${p1!.pid}\\)\\)`),
    );
    expect(text).toMatch(/Process\.join\(Process-1 \(\d+\)\) = -15/);
    expect(text).toMatch(/os\.waitpid\(rocky \(\d+\)\) = reaped \d+ \(killed by SIGKILL\)\s+\[in Process\.join\]/);
    expect(text).toContain(`  rocky (${rocky!.pid}):\n    进程 start\n    rocky`);
  });

  it('is empty for a run that is not a traced Python run', () => {
    expect(pythonSection({ ...report, python: undefined, events: [] } as RunReport)).toEqual([]);
  });
});

describe('telling Python processes apart', () => {
  it('the forkserver and resource_tracker by their command line; interpreters by their command', () => {
    expect(helperRole(['/usr/bin/python3', '-c', 'from multiprocessing.forkserver import main; main(3, 4)'])).toEqual({
      role: 'forkserver',
      name: 'forkserver',
    });
    expect(helperRole(['python3', '-c', 'from multiprocessing.resource_tracker import main;main(5)'])?.role).toBe(
      'resource-tracker',
    );
    expect(helperRole(['python3', 'lecture.py'])).toBeNull();
    for (const c of ['python3', 'python', '/usr/bin/python3.11', 'pypy3', 'python.exe'])
      expect(looksLikePython(c)).toBe(true);
    for (const c of ['sh', 'node', 'python-config', 'mypython', '/bin/bash']) expect(looksLikePython(c)).toBe(false);
  });
});
