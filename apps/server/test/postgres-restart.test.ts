import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startPrivatePostgres } from '@tickwork/db/testing';
import type { PrivatePostgres } from '@tickwork/db/testing';

import { ServerProcess, waitFor } from './support/server-process.ts';

const API_KEY = 'r'.repeat(32);

/** A task that works for 3 s, one that runs until stopped, and one that fires every second. */
const RESTART_PLUGIN = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export default [
  {
    key: 'RestartLong',
    name: 'Restart long',
    description: 'Works for 3 seconds.',
    category: 'Restart',
    async execute(context) {
      for (let step = 1; step <= 30; step += 1) {
        context.signal.throwIfAborted();
        context.reportProgress(step * (100 / 30));
        await sleep(100);
      }
    },
  },
  {
    key: 'RestartWaiter',
    name: 'Restart waiter',
    description: 'Runs until stopped.',
    category: 'Restart',
    async execute(context) {
      while (!context.signal.aborted) await sleep(20);
      context.signal.throwIfAborted();
    },
  },
  {
    key: 'RestartTick',
    name: 'Restart tick',
    description: 'Fires every second.',
    category: 'Restart',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 10000000 }],
    execute() {},
  },
];
`;

let server: PrivatePostgres;
let url: string;
const nodes: ServerProcess[] = [];

async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function taskId(node: ServerProcess, key: string): Promise<string> {
  const tasks = (await (await node.request('GET', '/ScheduledTasks')).json()) as Array<{ Key: string; Id: string }>;
  return tasks.find((task) => task.Key === key)?.Id as string;
}

beforeAll(async () => {
  server = await startPrivatePostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE tickwork');
  await admin.end();
  url = server.url.replace(/\/postgres$/, '/tickwork');
  for (let index = 0; index < 3; index += 1) {
    nodes.push(
      await ServerProcess.start({
        plugins: { 'restart.mjs': RESTART_PLUGIN },
        env: { DATABASE_URL: url, TICKWORK_ADMIN_API_KEY: API_KEY },
        quiet: true,
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  for (const node of nodes) {
    // A node that exited during the test shows why in the test output.
    if (node.exitCode !== null) console.error(`A server exited with code ${node.exitCode}:\n${node.logs.join('').slice(-3000)}`);
    await node.destroy();
  }
  await server?.destroy();
});

describe('three server processes while PostgreSQL restarts', () => {
  it('records a run that was in progress during the restart', async () => {
    const [first, second, third] = nodes as [ServerProcess, ServerProcess, ServerProcess];
    const longId = await taskId(first, 'RestartLong');
    expect((await first.request('POST', `/ScheduledTasks/Running/${longId}`)).status).toBe(204);
    await waitFor(async () => {
      const task = (await (await second.request('GET', `/ScheduledTasks/${longId}`)).json()) as { State: string };
      return task.State === 'Running' ? true : undefined;
    });

    // Down for 6 s, stopped the way a crash stops it: the run ends while the server is down,
    // so its end is recorded only by writing it again once the server is back.
    const restartedAt = Date.now();
    await server.restart(6000);

    const result = await waitFor(async () => {
      const task = (await (await first.request('GET', `/ScheduledTasks/${longId}`)).json()) as {
        LastExecutionResult?: { Status: string };
      };
      return task.LastExecutionResult?.Status;
    }, 30_000);
    expect(result).toBe('Completed');

    const runs = await query<{ status: string; node: string; endedAt: Date | null }>(
      `SELECT "status", "node", "endedAt" FROM "Run" WHERE "taskKey" = 'RestartLong'`,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]?.status).toBe('Completed');
    expect(runs[0]?.endedAt?.getTime()).toBeGreaterThan(restartedAt);
    // Every node shows the result the database holds.
    for (const node of [second, third]) {
      const status = await waitFor(async () => {
        const task = (await (await node.request('GET', `/ScheduledTasks/${longId}`)).json()) as {
          LastExecutionResult?: { Status: string };
        };
        return task.LastExecutionResult?.Status;
      });
      expect(status).toBe('Completed');
    }
  }, 60_000);

  it('keeps firing once per instant after the restart', async () => {
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const runs = await query<{ startedAt: Date }>(
      `SELECT "startedAt" FROM "Run" WHERE "taskKey" = 'RestartTick' AND "startedAt" >= $1 ORDER BY "startedAt"`,
      [since],
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    const duplicates = await query<{ count: string }>(
      `SELECT COUNT(*) AS count FROM (SELECT "scheduledAt" FROM "FireClaim" c JOIN "Task" t ON t."id" = c."taskId"
        WHERE t."key" = 'RestartTick' GROUP BY "scheduledAt", "triggerKey" HAVING COUNT(*) > 1) d`,
    );
    expect(Number(duplicates[0]?.count)).toBe(0);
  }, 30_000);

  it('forwards a stop between nodes after the restart', async () => {
    const [first, , third] = nodes as [ServerProcess, ServerProcess, ServerProcess];
    const waiterId = await taskId(first, 'RestartWaiter');
    expect((await first.request('POST', `/ScheduledTasks/Running/${waiterId}`)).status).toBe(204);
    await waitFor(async () => {
      const task = (await (await third.request('GET', `/ScheduledTasks/${waiterId}`)).json()) as { State: string };
      return task.State === 'Running' ? true : undefined;
    });
    expect((await third.request('DELETE', `/ScheduledTasks/Running/${waiterId}`)).status).toBe(204);
    const status = await waitFor(async () => {
      const task = (await (await first.request('GET', `/ScheduledTasks/${waiterId}`)).json()) as {
        LastExecutionResult?: { Status: string };
      };
      return task.LastExecutionResult?.Status;
    }, 5000);
    expect(status).toBe('Cancelled');
  }, 30_000);
});
