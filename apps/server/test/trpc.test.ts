import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import type { TaskEvent, TaskListEvent } from '@tickwork/api';
import { createTickworkClient } from '@tickwork/api/client';
import type { TickworkClient } from '@tickwork/api/client';

import { LONG_TASK_PLUGIN, SMALL_TASKS_PLUGIN } from './support/plugins.ts';
import { ServerProcess, runCli, waitFor } from './support/server-process.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

/** A task that reports progress every 5 ms for about 1.5 s. */
const PROGRESS_TASK_PLUGIN = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export default {
  key: 'ProgressTask',
  name: 'Progress task',
  description: 'Reports progress often.',
  category: 'Testing',
  async execute(context) {
    for (let step = 1; step <= 300; step += 1) {
      context.signal.throwIfAborted();
      context.reportProgress(step / 3);
      if (step % 100 === 0) context.logger.info('reached ' + step);
      await sleep(5);
    }
  },
};
`;

let server: ServerProcess;
const clients: TickworkClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start({
    plugins: { 'long.mjs': LONG_TASK_PLUGIN, 'small.mjs': SMALL_TASKS_PLUGIN, 'progress.mjs': PROGRESS_TASK_PLUGIN },
  });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.destroy();
});

/** Creates a client with the admin API key by default; pass null for none. */
function connect(token: string | null = server.apiKey, url = server.url): TickworkClient {
  const client = createTickworkClient({
    url,
    token: token ?? undefined,
    WebSocket,
  });
  clients.push(client);
  return client;
}

interface Collection<T> {
  /** Resolves once the first event (the snapshot) has arrived. */
  ready: Promise<void>;
  /** Resolves with every event once `done` returned true for one of them. */
  events: Promise<T[]>;
}

/** Collects the events of a subscription until `done` returns true for one of them. */
function collect<T>(
  subscribe: (handlers: { onData: (event: T) => void; onError: (error: unknown) => void }) => { unsubscribe(): void },
  done: (event: T, all: T[]) => boolean,
  timeoutMs = 20_000,
): Collection<T> {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const events = new Promise<T[]>((resolve, reject) => {
    const received: T[] = [];
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`subscription did not finish; got ${JSON.stringify(received.map((e) => (e as { type?: string }).type))}`));
    }, timeoutMs);
    const subscription = subscribe({
      onData: (event) => {
        received.push(event);
        markReady();
        if (done(event, received)) {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(received);
        }
      },
      onError: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
  return { ready, events };
}

async function taskId(client: TickworkClient, key: string): Promise<string> {
  return (await client.api.tasks.get.query({ id: key })).id;
}

describe('tRPC queries and mutations', () => {
  it('lists tasks with camelCase fields, ISO times and next fire times', async () => {
    const { api } = connect();

    const tasks = await api.tasks.list.query();
    const cache = tasks.find((task) => task.key === 'DeleteCacheFiles');

    expect(cache?.id).toBe('241d4fcb19a1d557ee62428e411da609');
    expect(cache?.triggers).toEqual([{ kind: 'interval', intervalTicks: 864_000_000_000 }]);
    expect(cache?.nextFireTimes[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(cache?.nextRunAt).toBe(cache?.nextFireTimes[0]);
  });

  it('replaces triggers and enables or disables a task', async () => {
    const { api } = connect();
    const id = await taskId(connect(), 'QuickTask');

    const updated = await api.tasks.setTriggers.mutate({ id, triggers: [{ kind: 'weekly', dayOfWeek: 1, timeOfDayTicks: 0 }] });
    const disabled = await api.tasks.setEnabled.mutate({ id, isEnabled: false });

    expect(updated.triggers).toEqual([{ kind: 'weekly', dayOfWeek: 1, timeOfDayTicks: 0 }]);
    expect(disabled.isEnabled).toBe(false);
    expect((await api.tasks.get.query({ id })).isEnabled).toBe(false);
  });

  it('rejects a bad trigger with BAD_REQUEST naming the value', async () => {
    const { api } = connect();

    const failure = await api.tasks.setTriggers
      .mutate({ id: 'QuickTask', triggers: [{ kind: 'daily', timeOfDayTicks: 864_000_000_000 }] })
      .catch((error: unknown) => error as { data?: { code?: string; fieldErrors?: Record<string, string> } });

    expect(failure).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify((failure as { data: { fieldErrors: unknown } }).data.fieldErrors)).toContain('864000000000');
  });

  it('answers NOT_FOUND for an unknown task', async () => {
    const { api } = connect();

    await expect(api.tasks.get.query({ id: 'NoSuchTask' })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
      message: expect.stringContaining('NoSuchTask'),
    });
  });

  it('pages run history and returns a run with its log lines', async () => {
    const { api } = connect();
    const id = await taskId(connect(), 'FailingTask');
    for (let run = 0; run < 3; run += 1) {
      await api.tasks.start.mutate({ id });
      await waitFor(async () => ((await api.tasks.get.query({ id })).state === 'idle' ? true : undefined));
    }

    const first = await api.runs.list.query({ taskId: id, limit: 2 });
    const second = await api.runs.list.query({ taskId: id, limit: 2, cursor: first.nextCursor ?? undefined });
    const detail = await api.runs.get.query({ runId: first.runs[0]?.id as string });

    expect(first.runs).toHaveLength(2);
    expect(second.runs).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(detail.status).toBe('failed');
    expect(detail.errorMessage).toBe('disk full');
    expect(detail.userName).toBe('API key "TICKWORK_ADMIN_API_KEY"');
    expect(detail.logLines.map((line) => line.message)).toEqual(['about to fail']);
    expect((await api.runs.list.query({ taskId: id, status: 'completed' })).runs).toEqual([]);
  });

  it('lists this server in the node registry', async () => {
    const { api } = connect();

    const nodes = await api.nodes.list.query();

    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.isThisNode).toBe(true);
    expect(nodes[0]?.pid).toBe(server.child.pid);
    expect(nodes[0]?.leaseIsCurrent).toBe(true);
  });

  it('creates and revokes an API key that then stops working', async () => {
    const { api } = connect();

    const created = await api.apiKeys.create.mutate({ name: 'dashboard' });
    const withKey = connect(created.token);
    expect((await withKey.api.server.me.query()).kind).toBe('apiKey');
    await api.apiKeys.revoke.mutate({ id: created.id });

    await expect(withKey.api.server.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });
});

describe('tRPC subscriptions over WebSocket', () => {
  it('delivers ordered progress, the final state and the run result', async () => {
    const { api } = connect();
    const id = await taskId(connect(), 'ProgressTask');

    const subscription = collect<TaskEvent>(
      (handlers) => api.live.onTask.subscribe({ id, progressIntervalMs: 50 }, handlers),
      (event) => event.type === 'runEnded',
    );
    await subscription.ready;
    await api.tasks.start.mutate({ id });
    const received = await subscription.events;

    expect(received[0]?.type).toBe('snapshot');
    const progress = received.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    const lastProgressIndex = received.findLastIndex((event) => event.type === 'progress');
    const idleIndex = received.findIndex((event) => event.type === 'taskChanged' && event.task.state === 'idle');
    expect(lastProgressIndex).toBeLessThan(idleIndex);
    const ended = received.at(-1);
    expect(ended?.type).toBe('runEnded');
    expect(ended?.type === 'runEnded' ? ended.result.status : undefined).toBe('completed');
    const logs = received.flatMap((event) => (event.type === 'log' ? [event.line.message] : []));
    expect(logs).toEqual(['reached 100', 'reached 200', 'reached 300']);
  });

  it('throttles progress per subscriber', async () => {
    const fast = connect();
    const slow = connect();
    const id = await taskId(fast, 'ProgressTask');
    const until = (event: TaskListEvent) => event.type === 'runEnded' && event.taskId === id;

    const fastEvents = collect<TaskListEvent>((h) => fast.api.live.onTaskList.subscribe({ progressIntervalMs: 20 }, h), until);
    const slowEvents = collect<TaskListEvent>((h) => slow.api.live.onTaskList.subscribe({ progressIntervalMs: 1000 }, h), until);
    await Promise.all([fastEvents.ready, slowEvents.ready]);
    await fast.api.tasks.start.mutate({ id });
    const [fastReceived, slowReceived] = await Promise.all([fastEvents.events, slowEvents.events]);

    const count = (events: TaskListEvent[]) => events.filter((event) => event.type === 'progress').length;
    expect(count(fastReceived)).toBeGreaterThan(15);
    expect(count(slowReceived)).toBeGreaterThanOrEqual(2);
    // One value per second of the run at most, plus the first one, plus one flushed at each task
    // change and at the run's end (a state change sends the value it held back at once).
    const ended = slowReceived.find((event) => event.type === 'runEnded');
    const durationMs = ended?.type === 'runEnded' ? ended.result.durationMs : Number.NaN;
    const flushes = slowReceived.filter(
      (event) => (event.type === 'taskChanged' && event.task.id === id) || (event.type === 'runEnded' && event.taskId === id),
    ).length;
    expect(count(slowReceived)).toBeLessThanOrEqual(Math.ceil(durationMs / 1000) + 1 + flushes);
    expect(count(slowReceived)).toBeLessThan(count(fastReceived) / 4);
    const lastSlow = slowReceived.filter((event) => event.type === 'progress').at(-1);
    expect(lastSlow?.type === 'progress' ? lastSlow.progress : undefined).toBe(100);
  });

  it('resumes with a snapshot after the connection drops mid-run', async () => {
    const port = Number(new URL(server.url).port);
    const proxy = await TcpProxy.start(port);
    try {
      const viaProxy = connect(server.apiKey, `http://127.0.0.1:${proxy.port}`);
      const direct = connect();
      const id = await taskId(direct, 'LongTask');
      const snapshots: TaskListEvent[] = [];

      const subscription = viaProxy.api.live.onTaskList.subscribe(
        { progressIntervalMs: 100 },
        { onData: (event) => event.type === 'snapshot' && snapshots.push(event) },
      );
      await waitFor(() => (snapshots.length === 1 ? true : undefined));
      await direct.api.tasks.start.mutate({ id });
      await waitFor(async () => ((await direct.api.tasks.get.query({ id })).state === 'running' ? true : undefined));

      proxy.cutConnections();
      await waitFor(() => (snapshots.length === 2 ? true : undefined));
      subscription.unsubscribe();
      await direct.api.tasks.stop.mutate({ id });

      const resumed = snapshots[1];
      const task = resumed?.type === 'snapshot' ? resumed.tasks.find((candidate) => candidate.id === id) : undefined;
      expect(task?.state).toBe('running');
      expect(task?.progress).toBeGreaterThan(0);
      await waitFor(async () => ((await direct.api.tasks.get.query({ id })).state === 'idle' ? true : undefined));
    } finally {
      await proxy.close();
    }
  });

  it('closes a connection whose token is bad', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));

    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: 'not-a-token' } }));
    const code = await new Promise<number>((resolve) => socket.once('close', resolve));

    expect(code).toBe(1005);
    const error = JSON.parse(messages[0] ?? '{}') as { error?: { data?: { code?: string } } };
    expect(error.error?.data?.code).toBe('UNAUTHORIZED');
  });

  it('rejects task data without a token or for a non-administrator', async () => {
    await runCli(server.dataDir, ['user', 'create', 'reader', '--password', 'reader-password']);
    const signIn = await fetch(`${server.url}/Users/AuthenticateByName`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Username: 'reader', Pw: 'reader-password' }),
    });
    const { AccessToken } = (await signIn.json()) as { AccessToken: string };
    const anonymous = connect(null);
    const reader = connect(AccessToken);
    const attempt = (client: TickworkClient) =>
      collect<TaskListEvent>((h) => client.api.live.onTaskList.subscribe(undefined, h), () => true, 5000).events.then(
        () => 'subscribed',
        (error: { data?: { code?: string }; message?: string }) => error.data?.code ?? error.message,
      );

    expect(await attempt(anonymous)).toBe('UNAUTHORIZED');
    expect(await attempt(reader)).toBe('FORBIDDEN');
    expect((await reader.api.server.me.query()).isAdmin).toBe(false);
  });

  it('streams new activity entries', async () => {
    const { api } = connect();
    const id = await taskId(connect(), 'FailingTask');
    const entries: Array<{ name: string; type: string; task: { id: string; name: string } | null }> = [];

    const subscription = api.activity.onEntry.subscribe(undefined, { onData: (entry) => entries.push(entry) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api.tasks.start.mutate({ id });
    const entry = await waitFor(() => entries.find((candidate) => candidate.type === 'TaskFailed'));
    subscription.unsubscribe();

    expect(entry.name).toBe('Failing task failed');
    expect(entry.task).toEqual({ id, name: 'Failing task' });
    const listed = await api.activity.list.query({ limit: 5 });
    const failed = listed.items.find((item) => item.type === 'TaskFailed');
    const started = listed.items.find((item) => item.type === 'TaskStarted');
    expect(failed?.name).toBe('Failing task failed');
    expect(failed?.task).toEqual({ id, name: 'Failing task' });
    expect(started?.task).toEqual({ id, name: 'Failing task' });
  });

  it('delivers the run end to 1,000 concurrent subscribers', async () => {
    const id = await taskId(connect(), 'QuickTask');
    const subscribers = Array.from({ length: 1000 }, () => createTickworkClient({
      url: server.url,
      token: server.apiKey,
      WebSocket,
    }));
    try {
      const subscriptions = subscribers.map((client) =>
        collect<TaskListEvent>(
          (h) => client.api.live.onTaskList.subscribe({ progressIntervalMs: 250 }, h),
          (event) => event.type === 'runEnded' && event.taskId === id,
          60_000,
        ),
      );
      await Promise.all(subscriptions.map((subscription) => subscription.ready));
      await connect().api.tasks.start.mutate({ id });
      const received = await Promise.all(subscriptions.map((subscription) => subscription.events));

      expect(received.filter((events) => events.at(-1)?.type === 'runEnded')).toHaveLength(1000);
    } finally {
      for (const client of subscribers) client.close();
    }
  }, 120_000);
});
