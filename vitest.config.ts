import { defineConfig } from 'vitest/config';

/**
 * Tests that load the machine by themselves run alone, one after another,
 * after the rest. They are the three-node cluster tests (100 fires a second,
 * timing checks), the PostgreSQL restart test (three nodes and a server of
 * its own) and the 100,000-file scan that measures memory.
 */
const ALONE = [
  { name: 'cluster', file: 'apps/server/test/cluster.test.ts' },
  { name: 'postgres-restart', file: 'apps/server/test/postgres-restart.test.ts' },
  { name: 'scale', file: 'packages/engine/test/tasks/library-scan-scale.test.ts' },
];

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
          exclude: ALONE.map((entry) => entry.file),
          sequence: { groupOrder: 0 },
        },
      },
      ...ALONE.map((entry, index) => ({
        extends: true as const,
        test: { name: entry.name, include: [entry.file], sequence: { groupOrder: index + 1 } },
      })),
    ],
  },
});
