// Measures how long a progress report takes to reach 1,000 WebSocket
// subscribers while a task reports progress 1,000 times a second, through
// tRPC subscriptions and through Jellyfin's /socket feed. A bare `ws`
// broadcast of the same message rate to the same number of clients, in the
// same run, is the baseline.
//
//   pnpm bench:progress [--subscribers N] [--seconds S]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import WebSocket, { WebSocketServer } from 'ws';

import { createTickworkClient } from '@tickwork/api/client';
import type { TickworkClient } from '@tickwork/api/client';

import { ServerProcess } from '../apps/server/test/support/server-process.ts';
import { preciseNow, summarize } from './stats.ts';
import type { Summary } from './stats.ts';

const { values: options } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '5' },
  },
});
const SUBSCRIBERS = Number(options.subscribers);
const SECONDS = Number(options.seconds);
const REPORTS = SECONDS * 1000;

/**
 * The task: reports progress REPORTS times, one per millisecond, and writes
 * the wall-clock time of each report to a file, so the runner can match every
 * delivered value to the moment it was reported. Values are unique per run.
 */
const BENCH_PLUGIN = `
import { writeFileSync } from 'node:fs';
const now = () => performance.timeOrigin + performance.now();
export default {
  key: 'BenchProgress',
  name: 'Bench progress',
  description: 'Reports progress 1,000 times a second.',
  category: 'Bench',
  async execute(context) {
    const reports = ${REPORTS};
    const times = new Array(reports + 1);
    const start = now();
    for (let i = 1; i <= reports; i += 1) {
      while (now() < start + i) await new Promise((resolve) => setImmediate(resolve));
      times[i] = now();
      context.reportProgress((i * 100) / reports);
    }
    writeFileSync(context.paths.data + '/bench-progress-times.json', JSON.stringify(times));
  },
};
`;

/** Index of a progress value in the report sequence. */
const reportIndex = (progress: number) => Math.round((progress * REPORTS) / 100);

async function measureTrpc(server: ServerProcess, taskId: string): Promise<number[]> {
  const received: Array<{ progress: number; at: number }> = [];
  const clients: TickworkClient[] = [];
  let ready = 0;
  let ended = 0;
  for (let index = 0; index < SUBSCRIBERS; index += 1) {
    const client = createTickworkClient({
      url: server.url,
      token: server.apiKey,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    clients.push(client);
    client.api.live.onTaskList.subscribe(
      { progressIntervalMs: 250 },
      {
        onData: (event) => {
          const at = preciseNow();
          if (event.type === 'snapshot') ready += 1;
          if (event.type === 'progress' && event.taskId === taskId) received.push({ progress: event.progress, at });
          if (event.type === 'runEnded' && event.taskId === taskId) ended += 1;
        },
      },
    );
  }
  await until(() => ready === SUBSCRIBERS, 120_000);
  await server.request('POST', `/ScheduledTasks/Running/${taskId}`);
  await until(() => ended === SUBSCRIBERS, 60_000 + SECONDS * 2000);
  for (const client of clients) client.close();
  return latencies(server, received);
}

async function measureJellyfinSocket(server: ServerProcess, taskId: string): Promise<number[]> {
  const received: Array<{ progress: number; at: number }> = [];
  const sockets: WebSocket[] = [];
  let ended = 0;
  const url = `${server.url.replace(/^http/, 'ws')}/socket?api_key=${server.apiKey}`;
  for (let index = 0; index < SUBSCRIBERS; index += 1) {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.on('open', () => socket.send(JSON.stringify({ MessageType: 'ScheduledTasksInfoStart', Data: '0,250' })));
    socket.on('message', (data) => {
      const at = preciseNow();
      const message = JSON.parse(data.toString()) as { MessageType: string; Data?: unknown };
      if (message.MessageType === 'ScheduledTaskEnded' && (message.Data as { Id: string }).Id === taskId) ended += 1;
      if (message.MessageType !== 'ScheduledTasksInfo') return;
      const task = (message.Data as Array<{ Id: string; CurrentProgressPercentage?: number }>).find((t) => t.Id === taskId);
      if (task?.CurrentProgressPercentage !== undefined) received.push({ progress: task.CurrentProgressPercentage, at });
    });
  }
  await until(() => sockets.every((socket) => socket.readyState === WebSocket.OPEN), 120_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await server.request('POST', `/ScheduledTasks/Running/${taskId}`);
  await until(() => ended === SUBSCRIBERS, 60_000 + SECONDS * 2000);
  for (const socket of sockets) socket.terminate();
  return latencies(server, received);
}

/** Matches each delivered value to the time it was reported. */
function latencies(server: ServerProcess, received: Array<{ progress: number; at: number }>): number[] {
  const times = JSON.parse(readFileSync(path.join(server.dataDir, 'bench-progress-times.json'), 'utf8')) as number[];
  return received.flatMap(({ progress, at }) => {
    const reportedAt = times[reportIndex(progress)];
    return reportedAt === undefined ? [] : [at - reportedAt];
  });
}

/**
 * Measures the baseline: a bare `ws` server in this process sends timestamped
 * messages to the same number of clients at the rate the throttled
 * subscriptions receive them (4 a second each), for the same duration.
 */
async function measureBareBroadcast(): Promise<number[]> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  const clients: WebSocket[] = [];
  const received: number[] = [];
  for (let index = 0; index < SUBSCRIBERS; index += 1) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    socket.on('message', (data) => received.push(preciseNow() - Number(JSON.parse(data.toString()).sentAt)));
    clients.push(socket);
  }
  await until(() => server.clients.size === SUBSCRIBERS, 60_000);

  const rounds = SECONDS * 4;
  for (let round = 0; round < rounds; round += 1) {
    const message = JSON.stringify({ type: 'progress', taskId: 'baseline', progress: round, sentAt: preciseNow() });
    for (const client of server.clients) client.send(message);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await until(() => received.length === rounds * SUBSCRIBERS, 30_000);
  for (const client of clients) client.terminate();
  server.close();
  return received;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the benchmark timed out waiting for its subscribers');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function line(name: string, summary: Summary, baseline: Summary): string {
  const ratio = (summary.p99 / baseline.p99).toFixed(1);
  return `| ${name} | ${summary.count} | ${summary.p50.toFixed(2)} | ${summary.p99.toFixed(2)} | ${summary.max.toFixed(2)} | ${ratio}× |`;
}

const server = await ServerProcess.start({ plugins: { 'bench.mjs': BENCH_PLUGIN }, env: {} });
try {
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Key: string; Id: string }>;
  const taskId = tasks.find((task) => task.Key === 'BenchProgress')?.Id as string;

  const baseline = summarize(await measureBareBroadcast());
  const trpc = summarize(await measureTrpc(server, taskId));
  const socket = summarize(await measureJellyfinSocket(server, taskId));

  console.log(`Progress delivery latency, ${SUBSCRIBERS} subscribers, ${REPORTS} reports over ${SECONDS} s, in milliseconds`);
  console.log('| path | deliveries | p50 | p99 | max | p99 / baseline p99 |');
  console.log('|---|---|---|---|---|---|');
  console.log(line('bare ws broadcast (baseline)', baseline, baseline));
  console.log(line('tRPC live.onTaskList (250 ms throttle)', trpc, baseline));
  console.log(line('Jellyfin /socket ScheduledTasksInfo ("0,250")', socket, baseline));
  const verdict = trpc.p99 < 50 ? 'met' : 'missed';
  console.log(`Target p99 under 50 ms through tRPC: ${verdict} (${trpc.p99.toFixed(2)} ms).`);
} finally {
  await server.destroy();
}
