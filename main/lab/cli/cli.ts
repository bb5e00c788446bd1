/**
 * `process-lab`: the engine from a terminal. Every command validates all of its input before it
 * starts anything: a bad option or value is one line on stderr and exit code 2.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { RunReport } from '../../../contract/report';
import { LabError } from '../common/errors';
import { EXPERIMENTS } from '../experiments/index';
import { COMMON_OPTIONS, flagName, parseCliValue, type OptionSpec } from '../experiments/options';
import { findLabPids, processName } from '../host/os-probe';
import type { Run } from '../host/run/run';
import { HZ_AUTO, MAX_HZ, MIN_HZ, createBackend } from '../host/sampler';
import { looksLikePython } from '../host/python/start';
import { Supervisor } from '../host/supervisor';
import { START_METHODS } from '../python/tracer-env';
import { humanReport, table } from './format';

/** Exit code for a usage error (bad option or value), as most Unix tools use. */
const USAGE = 2;

const workersDir = join(dirname(fileURLToPath(import.meta.url)), 'workers');

function fail(message: string, code = USAGE): never {
  process.stderr.write(`process-lab: ${message.split('\n')[0]}\n`);
  process.exit(code);
}

function supervisor(): Supervisor {
  const sampler = process.env.PROCESS_LAB_SAMPLER;
  return new Supervisor({
    workersDir,
    ...(sampler === 'proc' || sampler === 'portable' ? { sampler } : {}),
  });
}

/** Runs to the end, printing the report; Ctrl+C ends the run's processes before exiting. */
async function finishRun(sup: Supervisor, run: Run, json: boolean): Promise<void> {
  const onSignal = (): void => {
    process.stderr.write('process-lab: stopping the run and ending its processes…\n');
    run.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (!json) process.stderr.write(`run ${run.runId}: main pid ${run.mainPid}\n`);
  const report: RunReport = await run.done;
  await sup.dispose();
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${humanReport(report)}\n`);
  process.exitCode = report.error || report.leaked.length > 0 ? 1 : 0;
}

function addOption(cmd: Command, spec: OptionSpec, values: Record<string, unknown>): void {
  const flag = spec.kind === 'boolean' ? flagName(spec.key) : `${flagName(spec.key)} <value>`;
  const def = Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
  const opt = new Option(flag, `${spec.help.en} (${spec.help.zh})`).default(undefined, def);
  if (spec.kind === 'enum') opt.choices(spec.choices);
  if (spec.kind === 'boolean') {
    // A bare flag: present means true (commander names the event after the long flag).
    cmd.on(`option:${flagName(spec.key).slice(2)}`, () => (values[spec.key] = true));
  } else {
    opt.argParser((raw: string) => {
      try {
        values[spec.key] = parseCliValue(spec, raw);
      } catch (err) {
        fail((err as Error).message);
      }
      return raw;
    });
  }
  cmd.addOption(opt);
}

function program(): Command {
  const prog = new Command('process-lab')
    .description('Process Lab: watch real OS processes fork, join, become zombies and orphans. 进程实验室')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: () => undefined });

  prog
    .command('list')
    .description('list the experiments, in the lecture’s order')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const rows = EXPERIMENTS.map((e) => ({ id: e.id, concepts: e.concepts, title: e.title, summary: e.summary }));
      if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else
        process.stdout.write(
          `${table(
            ['experiment', 'lesson', 'description'],
            rows.map((r) => [r.id, r.concepts.join(','), `${r.summary.en} ${r.title.zh}`]),
          )}\n`,
        );
    });

  const run = prog.command('run').description('run one experiment to the end and print its report');
  run.exitOverride();
  for (const e of EXPERIMENTS) {
    const values: Record<string, unknown> = {};
    const sub = run
      .command(e.id)
      .description(`${e.summary.en} ${e.summary.zh}`)
      .option('--json', 'print exactly one JSON document')
      .option('--python [path]', "run the lecture's own Python program, traced (optionally with this interpreter)")
      .addOption(
        new Option('--start-method <method>', 'with --python: how multiprocessing starts children').choices(
          START_METHODS,
        ),
      );
    sub.exitOverride();
    for (const spec of [...e.options, ...COMMON_OPTIONS]) addOption(sub, spec, values);
    sub.action(async (o: { json?: boolean; python?: string | true; startMethod?: string }) => {
      const sup = supervisor();
      let r: Run;
      try {
        if (o.startMethod !== undefined && o.python === undefined) fail('--start-method needs --python');
        if (o.python !== undefined) {
          // The lecture's program runs as printed: only the run's own options apply to it.
          const own = Object.keys(values).filter((k) => k !== 'timeScale' && k !== 'hz');
          if (own.length > 0) fail(`${flagName(own[0]!)} does not apply to the lecture's Python (it runs as printed)`);
          r = await sup.startPython({
            experiment: e.id,
            ...(typeof o.python === 'string' ? { python: o.python } : {}),
            ...(o.startMethod !== undefined ? { startMethod: o.startMethod } : {}),
            ...(values.timeScale !== undefined ? { timeScale: values.timeScale } : {}),
            ...(values.hz !== undefined ? { hz: values.hz } : {}),
          });
        } else r = sup.start(e.id, values);
      } catch (err) {
        if (err instanceof LabError) fail(err.message);
        throw err;
      }
      await finishRun(sup, r, !!o.json);
    });
  }

  prog
    .command('observe')
    .description('run any program as a tracked root and follow its whole tree: process-lab observe -- python3 x.py')
    .argument('<command...>', 'the program and its arguments (after --)')
    .option('--json', 'print exactly one JSON document')
    .option('--hz <n>', `sampling rate per second: auto (the default: chosen by cost) or ${MIN_HZ}–${MAX_HZ}`, 'auto')
    .option('--timeout <seconds>', 'end whatever is left after this many seconds', '60')
    .option('--no-trace', 'do not trace a Python command (observe it as any program)')
    .passThroughOptions()
    .action(async (argv: string[], o: { json?: boolean; hz: string; timeout: string; trace: boolean }) => {
      const hz = o.hz === 'auto' ? HZ_AUTO : Number(o.hz);
      const timeout = Number(o.timeout);
      if (!Number.isFinite(hz)) fail(`--hz: "${o.hz}" is not a number`);
      if (!Number.isFinite(timeout)) fail(`--timeout: "${o.timeout}" is not a number`);
      const [cmd, ...args] = argv;
      const sup = supervisor();
      let r: Run;
      try {
        // A Python interpreter is traced: its calls, its prints per process, its Python names.
        r =
          o.trace && cmd !== undefined && looksLikePython(cmd)
            ? await sup.startPython({ observe: { command: cmd, args }, hz, timeoutMs: timeout * 1000 })
            : sup.observe(cmd ?? '', args, { hz, timeoutMs: timeout * 1000 });
      } catch (err) {
        if (err instanceof LabError) fail(err.message);
        throw err;
      }
      await finishRun(sup, r, !!o.json);
    });

  prog
    .command('ps')
    .description("the lab's live processes, as a tree")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const pids = findLabPids();
      if (pids === null) fail('ps needs /proc (Linux) to find lab processes on this platform', 1);
      const backend = createBackend('auto');
      const samples = await backend.sample(pids, new Map());
      backend.close();
      const rows = await Promise.all(
        [...samples.values()].map(async (s) => ({ ...s, name: (await processName(s.pid)) ?? '?' })),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('no lab processes are running\n');
        return;
      }
      const byParent = new Map<number, typeof rows>();
      for (const r of rows) byParent.set(r.ppid, [...(byParent.get(r.ppid) ?? []), r]);
      const inSet = new Set(rows.map((r) => r.pid));
      const lines: string[] = [];
      const walk = (r: (typeof rows)[number], depth: number): void => {
        lines.push(
          `${'  '.repeat(depth)}${r.pid} ${r.state} ${r.name} (ppid ${r.ppid}, ${Math.round(r.rss / 1024)} KiB)`,
        );
        for (const c of byParent.get(r.pid) ?? []) walk(c, depth + 1);
      };
      for (const r of rows.filter((x) => !inSet.has(x.ppid))) walk(r, 0);
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  prog
    .command('kill-all')
    .description('end every lab run recorded in the state folder (also what a crashed lab left behind)')
    .option('--everything', 'also end every process on this machine tagged PROCESS_LAB_RUN (Linux)')
    .action(async (o: { everything?: boolean }) => {
      const sup = supervisor();
      const runs = sup.pidfiles.list().map((e) => e.runId);
      // force: the user asked for all of it, even runs whose app or CLI is still alive.
      const swept = await sup.sweep({ force: true });
      // SIGKILL: nobody is left to report a graceful exit to.
      const tagged = o.everything ? (findLabPids() ?? []) : runs.flatMap((id) => findLabPids(id) ?? []);
      for (const pid of tagged) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Ended meanwhile.
        }
      }
      const total = new Set([...swept, ...tagged]).size;
      process.stdout.write(`ended ${total} lab process${total === 1 ? '' : 'es'}\n`);
    });
  return prog;
}

try {
  await program().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
      process.exit(0);
    fail(err.message.replace(/^error: /, ''));
  }
  throw err;
}
