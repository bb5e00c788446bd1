import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          // The Electron app.
          index: resolve(root, 'main/index.ts'),
          // The engine's own entry points, runnable with plain Node.
          cli: resolve(root, 'main/lab/cli/cli.ts'),
          'workers/lab-main': resolve(root, 'main/lab/workers/lab-main.ts'),
          'workers/task': resolve(root, 'main/lab/workers/task.ts'),
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
