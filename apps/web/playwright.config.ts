import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: a real Tickwork server process per test file and
 * Debian's Chromium (apt-get install chromium); Playwright's own browser
 * downloads are not used.
 */
export default defineConfig({
  testDir: './e2e',
  // One worker: each test file starts its own server, and the machines have two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
