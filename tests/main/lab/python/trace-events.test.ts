import { afterAll, describe, expect, it } from 'vitest';
import type { PyCallEvent, PyLogEvent } from '../../../../contract/python-trace';
import { PyTrace } from '../../../../main/lab/python/trace-events';
import { cleanup, pythonExe, traced } from './traced';

afterAll(cleanup);

describe('PyTrace: a traced run in the engine words', () => {
  it('turns a real run into call and log events on the run clock, the python block and names', async () => {
    const code = `
from multiprocessing import Process
import time
def foo():
    print('child')
if __name__ == '__main__':
    p = Process(target=foo, name='rocky'); p.start(); p.join()
    print('main', p.exitcode)
`;
    const t0 = Date.now();
    const run = await traced({ code, startMethod: 'spawn', timeScale: 0.5 });
    expect(run.code).toBe(0);
    const trace = new PyTrace('run-1', t0);
    const events = run.messages.map((m) => trace.add(m)).filter((e): e is PyCallEvent | PyLogEvent => e !== null);

    const start = events.find((e): e is PyCallEvent => e.type === 'call' && e.api === 'Process.start')!;
    const child = start.target!;
    expect(start).toMatchObject({ runId: 'run-1', pid: run.mainPid, by: 'program' });
    expect(start.detail).toMatchObject({ name: 'rocky', daemon: false, targetName: 'foo', method: 'spawn' });
    // Run-relative ms: after the run's start, within the test's own span.
    expect(start.t).toBeGreaterThanOrEqual(0);
    expect(start.endT!).toBeLessThan(Date.now() - t0);
    const join = events.find((e): e is PyCallEvent => e.type === 'call' && e.api === 'Process.join')!;
    expect(join).toMatchObject({ target: child, result: 0 });
    expect(join.endT!).toBeGreaterThanOrEqual(join.t);
    expect(events.filter((e) => e.type === 'log').map((e) => [e.pid, (e as PyLogEvent).line])).toEqual([
      [child, 'child'],
      [run.mainPid, 'main 0'],
    ]);

    expect(trace.pythonBlock()).toEqual({
      version: expect.stringMatching(/^3\./),
      executable: await pythonExe(),
      startMethod: 'spawn',
      note: 'sleeps scaled x0.5',
    });
    expect(trace.processes.get(run.mainPid)).toMatchObject({ pyName: 'MainProcess', exitHow: 'atexit' });
    // A spawn child leaves through sys.exit (atexit runs); a forked one through os._exit.
    expect(trace.processes.get(child)).toMatchObject({ pyName: 'rocky', daemon: false, exitHow: 'atexit' });
    expect(trace.processes.get(run.mainPid)!.codeEndT).toBeGreaterThan(join.endT!);
  });
});
