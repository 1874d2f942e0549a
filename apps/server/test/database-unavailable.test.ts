import path from 'node:path';

import { createClient } from '@libsql/client';
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SMALL_TASKS_PLUGIN } from './support/plugins.ts';
import { ServerProcess } from './support/server-process.ts';

let server: ServerProcess;
let blocker: Client;
let taskId: string;

beforeAll(async () => {
  server = await ServerProcess.start({ plugins: { 'small.mjs': SMALL_TASKS_PLUGIN } });
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Key: string; Id: string }>;
  taskId = tasks.find((task) => task.Key === 'QuickTask')?.Id as string;
  blocker = createClient({ url: `file:${path.join(server.dataDir, 'tickwork.db')}` });
});

afterAll(async () => {
  blocker?.close();
  await server?.destroy();
});

describe('a locked SQLite database', () => {
  it('answers 503 with Retry-After after retrying, and stores nothing', async () => {
    const before = (await (await server.request('GET', `/ScheduledTasks/${taskId}`)).json()) as { Triggers: unknown };
    const transaction = await blocker.transaction('write');
    await transaction.execute('UPDATE "Task" SET "updatedAt" = "updatedAt" WHERE 0');

    let response: Response;
    try {
      response = await server.request('POST', `/ScheduledTasks/${taskId}/Triggers`, [{ Type: 'StartupTrigger' }]);
    } finally {
      await transaction.rollback();
    }

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const after = (await (await server.request('GET', `/ScheduledTasks/${taskId}`)).json()) as { Triggers: unknown };
    expect(after.Triggers).toEqual(before.Triggers);
  });

  it('accepts the same request once the lock is gone', async () => {
    const response = await server.request('POST', `/ScheduledTasks/${taskId}/Triggers`, [{ Type: 'StartupTrigger' }]);
    const task = (await (await server.request('GET', `/ScheduledTasks/${taskId}`)).json()) as { Triggers: unknown };

    expect(response.status).toBe(204);
    expect(task.Triggers).toEqual([{ Type: 'StartupTrigger' }]);
  });
});
