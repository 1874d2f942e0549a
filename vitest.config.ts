import { defineConfig } from 'vitest/config';

/** Scans 100,000 files and measures memory, so it runs alone after the rest. */
const SCALE_TESTS = ['packages/engine/test/tasks/library-scan-scale.test.ts'];

export default defineConfig({
  test: {
    // Two cores: integration tests start server processes of their own.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: SCALE_TESTS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Alone, the scan neither slows the timing-sensitive socket tests nor is slowed by them.
        extends: true,
        test: { name: 'scale', include: SCALE_TESTS, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
