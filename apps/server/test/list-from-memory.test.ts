import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBuiltInTasks } from '@tickwork/engine';

import { ServerProcess } from './support/server-process.ts';

/** One plugin file that registers 1,000 tasks with interval and daily triggers. */
const THOUSAND_TASKS_PLUGIN = `
export default Array.from({ length: 1000 }, (_, index) => ({
  key: 'Generated' + String(index).padStart(4, '0'),
  name: 'Generated task ' + String(index).padStart(4, '0'),
  description: 'One of many.',
  category: index % 2 === 0 ? 'Even' : 'Odd',
  defaultTriggers: [
    { kind: 'interval', intervalTicks: 864000000000 },
    { kind: 'daily', timeOfDayTicks: (index % 24) * 36000000000 },
  ],
  execute() {},
}));
`;

let server: ServerProcess;

beforeAll(async () => {
  server = await ServerProcess.start({ plugins: { 'many.mjs': THOUSAND_TASKS_PLUGIN } });
});

afterAll(async () => {
  await server?.destroy();
});

/** Reads the server's own count of SQL statements from /metrics. */
async function databaseQueries(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = /^tickwork_database_queries_total (\d+)/m.exec(text);
  if (match === null) throw new Error(`no query counter in /metrics:\n${text.slice(0, 500)}`);
  return Number(match[1]);
}

describe('GET /ScheduledTasks with 1,000 tasks', () => {
  it('answers from memory without a database query per request', async () => {
    // The first request resolves the API key once; the token cache serves the rest.
    const warmUp = await server.request('GET', '/ScheduledTasks');
    expect(warmUp.status).toBe(200);
    const before = await databaseQueries();

    for (let request = 0; request < 20; request += 1) {
      const response = await server.request('GET', '/ScheduledTasks');
      const tasks = (await response.json()) as unknown[];
      expect(tasks.length).toBe(1000 + createBuiltInTasks().length);
    }
    const after = await databaseQueries();

    expect(after - before).toBe(0);
  });

  it('counts queries, so the check above can fail', async () => {
    const before = await databaseQueries();

    const response = await server.request('POST', '/ScheduledTasks/Running/' + (await firstGeneratedId()));
    expect(response.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await databaseQueries()).toBeGreaterThan(before);
  });
});

async function firstGeneratedId(): Promise<string> {
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Key: string; Id: string }>;
  return tasks.find((task) => task.Key === 'Generated0000')?.Id as string;
}
