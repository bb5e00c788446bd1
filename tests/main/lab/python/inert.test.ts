import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, traced } from './traced';

afterAll(cleanup);

// What a program can see of the tracer: its module, the patched functions, wrapped streams.
const PROBE = `
import os, sys, time
from multiprocessing import Process
print('tracer' if 'process_lab_tracer' in sys.modules else 'none')
print(type(sys.stdout).__name__, type(sys.stderr).__name__)
print(time.sleep.__module__ if hasattr(time.sleep, '__module__') else '-', os.fork.__module__ if hasattr(os.fork, '__module__') else '-')
print(Process.start.__module__)
t = time.monotonic(); time.sleep(0.3); print('slept', time.monotonic() - t >= 0.29)
`;
const UNTOUCHED = 'none\nTextIOWrapper TextIOWrapper\ntime posix\nmultiprocessing.process\nslept True\n';

describe('outside a lab run the tracer is inert', () => {
  it('without the trace socket variable: nothing loaded, nothing changed, no connection', async () => {
    // PYTHONPATH carries the boot folder, PROCESS_LAB_RUN is set, and a time scale is asked
    // for: without PROCESS_LAB_PY_TRACE none of it may take effect.
    const run = await traced({ code: PROBE, untraced: true, timeScale: 0.01 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(UNTOUCHED);
    expect(run.messages).toEqual([]);
    expect(run.connections).toBe(0);
  });

  it('without PROCESS_LAB_RUN: the same', async () => {
    const run = await traced({ code: PROBE, untraced: true, keepTraceVar: true, env: { PROCESS_LAB_RUN: '' } });
    expect(run.stdout).toBe(UNTOUCHED);
    expect(run.messages).toEqual([]);
    expect(run.connections).toBe(0);
  });

  it('when the lab is gone (no socket at the path): the program runs as untraced', async () => {
    const run = await traced({ code: PROBE, socketPath: '/nonexistent/py-trace.sock' });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(UNTOUCHED.replace('none', 'tracer'));
    expect(run.messages).toEqual([]);
    expect(run.connections).toBe(0);
  });

  it("still runs the user's own sitecustomize that the tracer's shadows, traced", async () => {
    const run = await traced({
      code: 'import sys, sitecustomize; print(sitecustomize.MARK, type(sys.stdout).__name__)',
      env: { PYTHONPATH: '' },
      before: (dir) => {
        const mine = join(dir, 'mine');
        mkdirSync(mine);
        writeFileSync(join(mine, 'sitecustomize.py'), "MARK = 'user sitecustomize ran'\n");
        return { PYTHONPATH: mine };
      },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('user sitecustomize ran _Tee\n');
    expect(run.messages.some((m) => m.type === 'hello')).toBe(true);
  });
});
