import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  test: {
    // Across both projects: the engine's timing facts stay honest with at most two busy workers.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'engine',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/renderer/**', '**/node_modules/**'],
          globalSetup: ['tests/global-setup.ts'],
          testTimeout: 20000,
          hookTimeout: 20000,
          // Real processes and timing facts: forks isolate files; two cores keep timings honest.
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        // The view's components, rendered in jsdom from recorded real runs: no build, no processes.
        plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') }), svelteTesting()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.ts'],
          setupFiles: ['tests/renderer/setup.ts'],
          // jsdom is slow to build hundreds of nodes (the zombie pile-up): room for a slow machine.
          testTimeout: 20000,
        },
      },
    ],
  },
});
