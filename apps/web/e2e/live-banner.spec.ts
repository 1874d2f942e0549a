import { test as base } from '@playwright/test';

import type { ServerProcess } from '../../server/test/support/server-process.ts';
import { expect, signIn, startTickwork, taskRow } from './support/fixtures.ts';

base('banner shows while the server restarts', async ({ page }) => {
  base.setTimeout(90_000);
  let server: ServerProcess = await startTickwork();
  const port = Number(new URL(server.url).port);
  try {
    await signIn(page, server);
    const banner = page.getByRole('alert').filter({ hasText: 'Live updates are disconnected' });
    await expect(taskRow(page, 'Long task')).toBeVisible();
    await expect(banner).toHaveCount(0);

    await server.stop('SIGTERM');
    await expect(banner).toBeVisible();

    server = await startTickwork({ dataDir: server.dataDir, port, apiKey: server.apiKey });
    await expect(banner).toHaveCount(0, { timeout: 45_000 });

    // The subscription came back: a run started over REST shows up without a reload.
    const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Id: string; Key: string }>;
    const longTask = tasks.find((task) => task.Key === 'LongTask');
    expect((await server.request('POST', `/ScheduledTasks/Running/${longTask?.Id}`)).status).toBe(204);
    await expect(taskRow(page, 'Long task').getByRole('progressbar')).toBeVisible();
  } finally {
    await server.destroy();
  }
});
