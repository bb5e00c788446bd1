import { defineConfig } from 'vitest/config';

/**
 * The end-to-end suite: the built app served by `out/main/serve.js`, driven in a real Chromium.
 * One file at a time (each starts its own server and browser, and real processes whose timing
 * the experiments measure), in forked workers. `npm run test:e2e` builds first.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A browser round-trip (and a run starting behind it) can take more than vitest's 1 s
    // default on a busy machine: every poll without its own timeout gets 5 s.
    expect: { poll: { timeout: 5000 } },
  },
});
