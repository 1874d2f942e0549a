import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';

import { ServerProcess } from '../../../server/test/support/server-process.ts';
import { LONG_TASK_PLUGIN, SMALL_TASKS_PLUGIN } from './plugins.ts';

export const ADMIN_PASSWORD = 'portal-admin-password';

/** Starts a real Tickwork server with the test plugins and a known administrator password. */
export function startTickwork(
  options: { dataDir?: string; port?: number; apiKey?: string; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  return ServerProcess.start({
    // The e2e tests run the bundle that `pnpm start` runs.
    bundled: true,
    dataDir: options.dataDir,
    plugins: { 'long.mjs': LONG_TASK_PLUGIN, 'small.mjs': SMALL_TASKS_PLUGIN },
    env: {
      TICKWORK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TICKWORK_STARTUP_DELAY_SECONDS: '600',
      ...(options.port === undefined ? {} : { PORT: String(options.port) }),
      ...(options.apiKey === undefined ? {} : { TICKWORK_ADMIN_API_KEY: options.apiKey }),
      ...options.env,
    },
  });
}

/** Signs in through the sign-in form and waits for the task list. */
export async function signIn(page: Page, server: ServerProcess, userName = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('User name', { exact: true }).fill(userName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Returns the row of one task on the task list. */
export function taskRow(page: Page, name: string) {
  return page.getByRole('listitem', { name });
}

/** One server per test file, shared by its tests. */
export const test = base.extend<object, { server: ServerProcess }>({
  server: [
    async ({}, use) => {
      const server = await startTickwork();
      await use(server);
      await server.destroy();
    },
    { scope: 'worker' },
  ],
});

export { expect };
