import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 20000,
    hookTimeout: 20000,
    // Real processes and timing facts: forks isolate files; two cores keep timings honest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
