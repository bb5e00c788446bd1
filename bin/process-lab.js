#!/usr/bin/env node
// Launcher for the `process-lab` CLI. The CLI is TypeScript built by electron-vite into out/;
// on a fresh clone it builds once first (build output goes to stderr so `--json` stays clean).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('process-lab: first run, building the engine (npm run build)…\n');
  const r = spawnSync('npm', ['run', '-s', 'build'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    shell: process.platform === 'win32',
  });
  if (r.status !== 0 || !existsSync(cli)) {
    process.stderr.write('process-lab: the build failed; run `npm run build` to see why\n');
    process.exit(1);
  }
}
await import(pathToFileURL(cli).href);
