/**
 * The engine's tests fork the built worker programs (`out/main/workers/*.js`), exactly as the
 * app does. `npm test` builds first; this builds once if someone runs vitest directly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  // The tracer's copy too: a build from before it was copied into out/main is rebuilt.
  if (
    existsSync(resolve(root, 'out/main/workers/task.js')) &&
    existsSync(resolve(root, 'out/main/python/process_lab_tracer/boot/sitecustomize.py'))
  )
    return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
}
