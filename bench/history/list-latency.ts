import type { ServerProcess } from '../../apps/server/test/support/server-process.ts';
import { preciseNow, summarize } from '../stats.ts';
import type { Summary } from '../stats.ts';
import type { HistoryDatabase } from './history-database.ts';

export const PAGE_SIZE = 50;

/** The requests whose latency the suite measures, each against a running server or the database directly. */
export interface ListProbe {
  name: string;
  send(): Promise<void>;
}

async function expectOk(response: Response, what: string): Promise<void> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${what} failed with HTTP ${response.status}: ${body.slice(0, 300)}`);
}

/** Sends a tRPC query over HTTP GET, the way the typed client sends a single call. */
async function trpcQuery(server: ServerProcess, procedure: string, input: unknown): Promise<void> {
  const route = `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
  await expectOk(await server.request('GET', route), procedure);
}

/** Requests a task's first `runs.list` page over tRPC. */
export function sendFirstPage(server: ServerProcess, taskId: string): Promise<void> {
  return trpcQuery(server, 'runs.list', { taskId, limit: PAGE_SIZE });
}

export function listProbes(server: ServerProcess, database: HistoryDatabase, taskId: string, deepCursor: string): ListProbe[] {
  return [
    { name: 'bare SQL first page (baseline)', send: async () => void (await database.firstPage(taskId, PAGE_SIZE)) },
    { name: 'tRPC runs.list first page', send: () => sendFirstPage(server, taskId) },
    {
      name: 'tRPC runs.list deep page (cursor)',
      send: () => trpcQuery(server, 'runs.list', { taskId, limit: PAGE_SIZE, cursor: deepCursor }),
    },
    {
      name: 'tRPC runs.list status=aborted',
      send: () => trpcQuery(server, 'runs.list', { taskId, limit: PAGE_SIZE, status: 'aborted' }),
    },
    { name: 'REST GET /ScheduledTasks', send: async () => expectOk(await server.request('GET', '/ScheduledTasks'), 'GET /ScheduledTasks') },
    {
      name: 'REST GET /ScheduledTasks/{id}',
      send: async () => expectOk(await server.request('GET', `/ScheduledTasks/${taskId}`), 'GET /ScheduledTasks/{id}'),
    },
  ];
}

/** Requests sent before each measurement, so that the first measurement after a server start does not include warming up. */
const WARM_UP_REQUESTS = 5;

/** Sends one probe `requests` times in a row and summarizes the latencies in milliseconds. */
export async function measureProbe(probe: ListProbe, requests: number): Promise<Summary> {
  for (let index = 0; index < WARM_UP_REQUESTS; index += 1) await probe.send();
  const latencies: number[] = [];
  for (let index = 0; index < requests; index += 1) {
    const began = preciseNow();
    await probe.send();
    latencies.push(preciseNow() - began);
  }
  return summarize(latencies);
}
