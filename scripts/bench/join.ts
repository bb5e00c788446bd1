/**
 * Section "join": what `join()` costs beyond the longest task. The lab's `join` experiment
 * (start all, join all) against Python's multiprocessing doing the same with each start method.
 */
import { resolve } from 'node:path';
import { CLI, ROOT, finish, needBuilt, round, runProgram, type BenchOptions, type Row, type Section } from './common';

const PY = resolve(ROOT, 'scripts/bench/python-join.py');

/** The real interpreter behind a pyenv shim (the shim's bash children are not Python's cost). */
async function python(): Promise<string | null> {
  try {
    const r = await runProgram('python3', ['-c', 'import sys; print(sys.executable)']);
    return r.code === 0 ? r.stdout.trim() || null : null;
  } catch {
    return null;
  }
}

/** Section "join". */
export async function joinSection(o: BenchOptions): Promise<Section> {
  needBuilt(CLI);
  const d = o.joinDurations;
  const longest = Math.max(...d) * 1000;
  const labOver: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(o.repeat / 2)); i++) {
    const r = await runProgram(process.execPath, [CLI, 'run', 'join', '--json', '--durations', d.join(',')]);
    const rep = JSON.parse(r.stdout) as { facts?: { startAllJoinAllMs?: unknown } };
    const ms = rep.facts?.startAllJoinAllMs;
    if (typeof ms !== 'number') throw new Error(`run join gave no startAllJoinAllMs (exit ${String(r.code)})`);
    labOver.push(ms - longest);
  }
  const lab = round(Math.min(...labOver), 0);
  const notes = [
    `tasks ${d.join(', ')} s; overhead = start-all-join-all wall − the longest task; best of ${labOver.length} lab run(s), ` +
      `best of ${Math.max(1, Math.ceil(o.repeat / 2))} per Python method.`,
  ];
  const py = await python();
  if (!py) {
    return {
      id: 'join',
      title: 'join() overhead beyond the longest task',
      rows: [finish({ label: 'lab join overhead', figure: lab, unit: 'ms', reference: null })],
      skipped: 'no python3 here: the Python references are not measured',
      notes,
    };
  }
  const rows: Row[] = [];
  for (const method of ['fork', 'forkserver', 'spawn']) {
    const times: number[] = [];
    for (let i = 0; i < Math.max(1, Math.ceil(o.repeat / 2)); i++) {
      const r = await runProgram(py, [PY, method, ...d.map(String)]);
      const ms = Number(r.stdout.trim());
      if (r.code !== 0 || !Number.isFinite(ms)) throw new Error(`python-join.py ${method} failed: ${r.stderr.trim()}`);
      times.push(ms - longest);
    }
    rows.push(
      finish({
        label: `join overhead: lab vs Python ${method}`,
        figure: lab,
        unit: 'ms',
        reference: { label: `multiprocessing ${method}`, figure: round(Math.min(...times), 0) },
      }),
    );
  }
  notes.push(`Python: ${py}`);
  return { id: 'join', title: 'join() overhead beyond the longest task', rows, notes };
}
