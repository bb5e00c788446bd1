import { resolve } from 'node:path';
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

export default defineConfig({
  main: {
    plugins: [markMainAsEsm],
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
