// `npm start`: build, then open the app in Electron. Electron's npm package fetches its binary
// on first use; where that cannot happen (offline, as on a classroom machine behind a proxy), say
// so in one sentence and start the same lab in the browser instead (what `npm run serve` does):
// print its URL, open the system's browser where there is one, and end every lab process on
// Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// PROCESS_LAB_SKIP_BUILD lets the test of this script run without rebuilding out/ under the
// feet of the other tests.
if (!process.env.PROCESS_LAB_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', '-s', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The Electron binary's path, or null when it is not installed (and cannot be fetched). */
function electronBinary() {
  // Resolving the path runs electron's index.js, which throws when the binary is missing; run it
  // in a child and capture its output so the user sees our sentence, not its stack trace.
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return r.status === 0 && r.stdout && existsSync(r.stdout) ? r.stdout : null;
}

/** Opens `url` in the system's browser, if it has a way to; `BROWSER=none` opts out (as in CRA). */
function openInBrowser(url) {
  if (process.env.BROWSER === 'none') return;
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const opener = spawn(cmd, args, { stdio: 'ignore', detached: true });
    // No opener (a server, a container): the printed URL is enough.
    opener.on('error', () => undefined);
    opener.unref();
  } catch {
    // Same: nothing to open with.
  }
}

/** The lab in the browser: `out/main/serve.js` as a child, its URL printed and opened. */
function startInBrowser() {
  process.stderr.write(
    "Electron's binary is not installed and cannot be downloaded here, so Process Lab opens in your browser instead (as `npm run serve` does).\n",
  );
  const serve = spawn(process.execPath, [join(root, 'out/main/serve.js')], {
    // stdout piped, to find the URL line; stdin and stderr shared with the user's terminal.
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  createInterface({ input: serve.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    if (/^http:\/\/127\.0\.0\.1:\d+\//.test(line)) openInBrowser(line);
  });
  // Ctrl+C in a terminal reaches serve.js too (one process group); a signal sent to this script
  // alone (a task runner, `kill`) is passed on, so serve.js always ends every lab process first.
  // This script exits only once serve.js has.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (serve.exitCode === null && serve.signalCode === null) serve.kill(sig);
    });
  }
  serve.on('error', (err) => {
    process.stderr.write(`Process Lab could not start its browser server: ${err.message}\n`);
    process.exit(1);
  });
  serve.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electronPath = electronBinary();
if (!electronPath) {
  startInBrowser();
} else {
  const child = spawn(electronPath, [root], { stdio: 'inherit' });
  child.on('error', startInBrowser);
  child.on('exit', (code) => process.exit(code ?? 0));
}
