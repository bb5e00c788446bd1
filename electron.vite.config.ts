import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

/**
 * Writes `out/main/package.json` = `{"type":"module"}`. In a packaged app the worker programs run
 * from app.asar.unpacked/, where Node finds no package.json above them and would read their ES
 * module syntax as CommonJS; this one, unpacked beside them, says what they are.
 */
const markMainAsEsm: Plugin = {
  name: 'process-lab:main-package-json',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "module" }\n' });
  },
};

/** Every `.py` file under `dir` (no `__pycache__`), as paths relative to `dir` with `/` separators. */
function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.py') && !d.parentPath.includes('__pycache__'))
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

/**
 * Copies the Python files a traced run needs into the build, where the engine looks for them
 * (main/lab/host/python/files.ts): the tracer package to `out/main/python/process_lab_tracer/`
 * and each experiment's `lecture.py` to `out/main/lecture/<id>.py`. The packaged app has no
 * source tree, and Python cannot read inside app.asar: electron-builder.yml unpacks both folders.
 */
const copyPythonFiles: Plugin = {
  name: 'process-lab:python-files',
  generateBundle() {
    const tracer = resolve(root, 'main/lab/python/process_lab_tracer');
    for (const rel of pythonFiles(tracer)) {
      const file = join(tracer, rel);
      this.addWatchFile(file);
      this.emitFile({
        type: 'asset',
        fileName: `python/process_lab_tracer/${rel}`,
        source: readFileSync(file, 'utf8'),
      });
    }
    const experiments = resolve(root, 'main/lab/experiments');
    for (const id of readdirSync(experiments, { withFileTypes: true })) {
      if (!id.isDirectory()) continue;
      const file = join(experiments, id.name, 'lecture.py');
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        continue; // An experiment without a lecture program of its own.
      }
      this.addWatchFile(file);
      this.emitFile({ type: 'asset', fileName: `lecture/${id.name}.py`, source });
    }
  },
};

export default defineConfig({
  main: {
    plugins: [markMainAsEsm, copyPythonFiles],
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          // The Electron app.
          index: resolve(root, 'main/shell/index.ts'),
          // `npm run serve`: the engine and the browser server, under plain Node.
          serve: resolve(root, 'main/server/serve.ts'),
          // The engine's own entry points, runnable with plain Node.
          cli: resolve(root, 'main/lab/cli/cli.ts'),
          'workers/lab-main': resolve(root, 'main/lab/run-main/lab-main.ts'),
          'workers/task': resolve(root, 'main/lab/worker/task.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: { index: resolve(root, 'preload/index.ts') } },
      // A sandboxed preload cannot load ES modules: build it as CommonJS.
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
