// `npm start`: build, then open the app in Electron. Electron's npm package fetches its binary
// on first use; where that cannot happen (offline), say so plainly and point at the CLI instead
// of leaving the user with a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

let electronPath;
try {
  // Resolving the path triggers the binary download when it is missing; capture its output so
  // the user sees our explanation, not the downloader's stack trace.
  electronPath = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
} catch {
  electronPath = null;
}
/** The one paragraph a user sees when Electron cannot run here. */
function offline() {
  process.stderr.write(
    [
      '',
      'Process Lab could not start Electron: its binary is not installed and could not be',
      'downloaded (this machine seems to be offline, or the download is blocked). The app window',
      'needs that binary; everything else works without it. On a machine with internet, run',
      '`npm start` again. Meanwhile, run the experiments from the terminal:',
      '',
      '    npm run -s lab -- list',
      '    npm run -s lab -- run join --time-scale 0.2',
      '',
      'or open the lab in a browser with `npm run serve`.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (!electronPath || electronPath.status !== 0 || !electronPath.stdout || !existsSync(electronPath.stdout)) offline();
const child = spawn(electronPath.stdout, [root], { stdio: 'inherit' });
child.on('error', offline);
child.on('exit', (code) => process.exit(code ?? 0));
