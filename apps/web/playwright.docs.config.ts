import { defineConfig } from '@playwright/test';

import baseConfig from './playwright.config.ts';

/**
 * Not tests: scripts that take the README's screenshots and measure the
 * portal for docs/benchmarks.md, with the same server and browser setup as
 * the end-to-end tests. Run with `pnpm --filter @tickwork/web run docs`.
 */
export default defineConfig({
  ...baseConfig,
  testDir: './docs-capture',
  testMatch: '*.capture.ts',
  timeout: 180_000,
});
