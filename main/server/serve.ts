/**
 * `npm run serve`: the lab in a browser. Starts the engine and the browser server on 127.0.0.1, prints
 * the one URL to open (with its token) on its own line, and ends every lab process when it is
 * told to stop: Ctrl+C (SIGINT), SIGTERM, SIGHUP (the terminal closed), or its stdin closing
 * when that is a pipe (a test harness or an editor task that goes away). Plain Node, no Electron.
 *
 * `--programs DIR` names the folder whose `.py` files the page may run ("Your program", by file
 * name only); `--python PATH` the interpreter of traced runs. Both are checked before anything
 * starts, and neither can be changed from a page.
 */
import { fstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkInterpreter } from '../lab/python/find-python';
import { ProgramFolder } from '../lab/host/python/programs';
import { startServer } from './server';
import { Supervisor } from '../lab/host/supervisor';
import { SettingsStore } from '../settings';
import { createShutdown } from '../shutdown';

/** `out/main`: the workers and the built renderer sit beside it. */
const here = dirname(fileURLToPath(import.meta.url));

/** True when stdin is a pipe or socket, whose end means "whoever started us is gone". */
function stdinIsPipe(): boolean {
  try {
    const st = fstatSync(0);
    // Not a TTY or /dev/null: those never "close" meaningfully (a background job's stdin is
    // /dev/null, which ends at once — that must not stop the server).
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * `--programs DIR`: the folder whose `.py` files the page may run ("Your program");
 * `--python PATH`: the interpreter of traced runs (a page cannot change it).
 */
function options(): { programs: string | null; python: string | null } {
  const { values } = parseArgs({
    options: { programs: { type: 'string' }, python: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  return { programs: values.programs ?? null, python: values.python ?? null };
}

async function main(): Promise<void> {
  const args = options();
  // Both checked before anything starts: a typo fails here, with one line, not at the first run.
  const programs = new ProgramFolder(args.programs);
  // The browser mode keeps settings for the session only: a projector is not a home.
  const settings = new SettingsStore(null);
  if (args.python !== null) {
    await checkInterpreter(args.python);
    settings.set({ pythonPath: args.python });
  }
  const supervisor = new Supervisor({ workersDir: join(here, 'workers') });
  await supervisor.sweep();
  const server = await startServer({
    supervisor,
    rendererDir: join(here, '../renderer'),
    settings,
    programs,
  });
  const shutdown = createShutdown({
    supervisor,
    beforeExit: () => server.close(),
    exit: (code) => process.exit(code),
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig));
  if (stdinIsPipe()) {
    process.stdin.on('end', () => void shutdown('stdin closed'));
    process.stdin.resume();
  }
  process.stderr.write(
    'Process Lab in a browser · 浏览器中的进程实验室 — open this URL (Ctrl+C ends every lab process):\n',
  );
  process.stdout.write(`${server.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`process-lab serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
