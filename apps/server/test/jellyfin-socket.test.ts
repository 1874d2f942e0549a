import { Jellyfin } from '@jellyfin/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { validateAgainstSchema } from '../../../packages/jellyfin/test/support/openapi.ts';
import { LONG_TASK_PLUGIN, SMALL_TASKS_PLUGIN } from './support/plugins.ts';
import { ServerProcess, runCli, waitFor } from './support/server-process.ts';

interface Envelope {
  MessageType: string;
  Data?: unknown;
  MessageId: string;
}

interface TaskInfo {
  Id: string;
  Key: string;
  State: string;
  IsHidden: boolean;
  CurrentProgressPercentage?: number;
}

let server: ServerProcess;
let longTaskId: string;
let quickTaskId: string;

beforeAll(async () => {
  server = await ServerProcess.start({ plugins: { 'long.mjs': LONG_TASK_PLUGIN, 'small.mjs': SMALL_TASKS_PLUGIN } });
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as TaskInfo[];
  longTaskId = tasks.find((task) => task.Key === 'LongTask')?.Id as string;
  quickTaskId = tasks.find((task) => task.Key === 'QuickTask')?.Id as string;
  // Startup triggers fire 3 s after start; their run pushes would be counted as progress pushes.
  await waitFor(async () => {
    const all = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<
      TaskInfo & { Triggers: Array<{ Type: string }>; LastExecutionResult?: unknown }
    >;
    const pending = all.filter((task) => task.Triggers.some((trigger) => trigger.Type === 'StartupTrigger'));
    return pending.every((task) => task.LastExecutionResult !== undefined && task.State === 'Idle') ? true : undefined;
  }, 30_000);
});

afterAll(async () => {
  await server?.destroy();
});

/** A raw WebSocket client that records every envelope it receives. */
class SocketClient {
  readonly messages: Array<Envelope & { at: number }> = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;

  constructor(query: string) {
    this.socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket${query}`);
    this.socket.on('message', (data) => this.messages.push({ ...(JSON.parse(data.toString()) as Envelope), at: Date.now() }));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  of(type: string): Array<Envelope & { at: number }> {
    return this.messages.filter((message) => message.MessageType === type);
  }

  close(): void {
    this.socket.close();
  }
}

async function connected(query = `?api_key=${server.apiKey}`): Promise<SocketClient> {
  const client = new SocketClient(query);
  await client.opened;
  await waitFor(() => (client.of('ForceKeepAlive').length === 1 ? true : undefined));
  return client;
}

describe('/socket with a raw WebSocket client', () => {
  it('refuses a connection without a valid token with 403', async () => {
    for (const query of ['', '?api_key=wrong']) {
      const status = await new Promise<number | undefined>((resolve) => {
        const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket${query}`);
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
        socket.once('open', () => resolve(undefined));
        socket.once('error', () => {});
      });
      expect(status, query).toBe(403);
    }
  });

  it('sends ForceKeepAlive first and answers KeepAlive', async () => {
    const client = await connected();

    expect(client.messages[0]).toMatchObject({ MessageType: 'ForceKeepAlive', Data: 60 });
    client.send({ MessageType: 'KeepAlive' });
    const reply = await waitFor(() => client.of('KeepAlive')[0]);
    client.close();

    expect(reply.MessageId).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.Data).toBeUndefined();
  });

  it('pushes snapshots on subscribe and run events', async () => {
    const client = await connected();
    const subscribedAt = Date.now();

    client.send({ MessageType: 'ScheduledTasksInfoStart', Data: '300,1000' });
    const snapshot = await waitFor(() => client.of('ScheduledTasksInfo')[0]);
    expect(snapshot.at - subscribedAt).toBeGreaterThanOrEqual(250);
    const tasks = snapshot.Data as TaskInfo[];
    expect(tasks.some((task) => task.IsHidden)).toBe(false);
    expect(tasks.map((task) => task.Key)).toContain('LongTask');
    for (const task of tasks) expect(validateAgainstSchema('TaskInfo', task)).toEqual([]);

    const before = client.of('ScheduledTasksInfo').length;
    await server.request('POST', `/ScheduledTasks/Running/${longTaskId}`);
    const started = await waitFor(() =>
      client
        .of('ScheduledTasksInfo')
        .slice(before)
        .find((message) => (message.Data as TaskInfo[]).find((task) => task.Id === longTaskId)?.State === 'Running'),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await server.request('DELETE', `/ScheduledTasks/Running/${longTaskId}`);
    const ended = await waitFor(() =>
      client.of('ScheduledTaskEnded').find((message) => (message.Data as { Id: string }).Id === longTaskId),
    );
    const final = await waitFor(() => {
      const last = client.of('ScheduledTasksInfo').at(-1);
      return (last?.Data as TaskInfo[] | undefined)?.find((task) => task.Id === longTaskId)?.State === 'Idle' ? last : undefined;
    });
    client.close();

    expect(started.MessageId).toMatch(/^[0-9a-f]{32}$/);
    const progressPushes = client
      .of('ScheduledTasksInfo')
      .filter((message) => message.at > started.at && message.at < ended.at)
      .filter((message) => (message.Data as TaskInfo[]).find((task) => task.Id === longTaskId)?.CurrentProgressPercentage);
    // About 2.5 s of progress at most one push per 1,000 ms (the cancel push may add one).
    expect(progressPushes.length).toBeGreaterThanOrEqual(2);
    expect(progressPushes.length).toBeLessThanOrEqual(5);
    expect(ended.Data).toMatchObject({ Status: 'Cancelled', Key: 'LongTask', Id: longTaskId });
    expect(validateAgainstSchema('TaskResult', ended.Data)).toEqual([]);
    expect(final).toBeDefined();
  });

  it('stops pushing after ScheduledTasksInfoStop', async () => {
    const client = await connected();
    client.send({ MessageType: 'ScheduledTasksInfoStart', Data: '0,1000' });
    await waitFor(() => client.of('ScheduledTasksInfo')[0]);

    client.send({ MessageType: 'ScheduledTasksInfoStop' });
    client.send({ MessageType: 'KeepAlive' });
    await waitFor(() => client.of('KeepAlive')[0]);
    const count = client.of('ScheduledTasksInfo').length;
    await server.request('POST', `/ScheduledTasks/Running/${quickTaskId}`);
    await waitFor(() =>
      client.of('ScheduledTaskEnded').find((message) => (message.Data as { Id: string }).Id === quickTaskId),
    );
    client.close();

    expect(client.of('ScheduledTasksInfo')).toHaveLength(count);
  });

  it('ignores malformed frames and keeps the connection', async () => {
    const client = await connected();

    for (const frame of ['not json', '[]', '{"messageType":"KeepAlive"}', '{"MessageType":"ScheduledTasksInfoStart","Data":"abc"}']) {
      client.send(frame);
    }
    client.send({ MessageType: 'KeepAlive' });
    await waitFor(() => client.of('KeepAlive')[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.close();

    expect(client.of('ScheduledTasksInfo')).toEqual([]);
    const ignored = server.jsonLogs().filter((line) => line.msg === 'Ignored a malformed WebSocket message');
    expect(ignored.length).toBeGreaterThanOrEqual(3);
  });

  it('sends no task data to a user who is not an administrator', async () => {
    await runCli(server.dataDir, ['user', 'create', 'watcher', '--password', 'watcher-password']);
    const signIn = await fetch(`${server.url}/Users/AuthenticateByName`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Username: 'watcher', Pw: 'watcher-password' }),
    });
    const { AccessToken } = (await signIn.json()) as { AccessToken: string };
    const client = await connected(`?ApiKey=${AccessToken}`);

    client.send({ MessageType: 'ScheduledTasksInfoStart', Data: '0,100' });
    await server.request('POST', `/ScheduledTasks/Running/${quickTaskId}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.close();

    expect(client.of('ScheduledTasksInfo')).toEqual([]);
    expect(client.of('ScheduledTaskEnded')).toEqual([]);
  });

  it('disconnects a client that stops reading instead of waiting for it', async () => {
    // 2,000 tasks make each ScheduledTasksInfo push about 1 MB, so a client that
    // stops reading fills the socket buffers within seconds.
    const many = `export default Array.from({ length: 2000 }, (_, i) => ({
      key: 'Filler' + i, name: 'Filler task number ' + i, description: 'Makes the task list long. '.repeat(8),
      category: 'Filler', execute() {},
    }));`;
    const busy = await ServerProcess.start({ plugins: { 'long.mjs': LONG_TASK_PLUGIN, 'many.mjs': many } });
    try {
      const tasks = (await (await busy.request('GET', '/ScheduledTasks')).json()) as TaskInfo[];
      const longId = tasks.find((task) => task.Key === 'LongTask')?.Id as string;
      const socketUrl = `${busy.url.replace(/^http/, 'ws')}/socket?api_key=${busy.apiKey}`;
      const slow = new WebSocket(socketUrl);
      const healthy = new WebSocket(socketUrl);
      let healthyPushes = 0;
      healthy.on('message', (data) => {
        if (data.toString().includes('"ScheduledTasksInfo"')) healthyPushes += 1;
      });
      await Promise.all([slow, healthy].map((socket) => new Promise((resolve) => socket.once('open', resolve))));
      slow.send(JSON.stringify({ MessageType: 'ScheduledTasksInfoStart', Data: '0,0' }));
      healthy.send(JSON.stringify({ MessageType: 'ScheduledTasksInfoStart', Data: '0,1000' }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Stop reading from the socket, so the server's send buffer fills up.
      (slow as unknown as { _socket: { pause(): void } })._socket.pause();

      await busy.request('POST', `/ScheduledTasks/Running/${longId}`);
      // A paused client never reads the close, so the server's log line is the evidence.
      const disconnected = await waitFor(() =>
        busy.jsonLogs().find((line) => line.msg === 'Disconnected a WebSocket client that does not keep up with its messages'),
      );
      const before = healthyPushes;
      await busy.request('DELETE', `/ScheduledTasks/Running/${longId}`);
      await waitFor(() => (healthyPushes > before ? true : undefined));
      healthy.close();
      slow.terminate();

      expect(disconnected.bufferedBytes).toBeGreaterThan(1024 * 1024);
    } finally {
      await busy.destroy();
    }
  }, 60_000);
});

describe('/socket with @jellyfin/sdk', () => {
  it('receives ScheduledTasksInfo through api.subscribe', async () => {
    const previous = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    const jellyfin = new Jellyfin({
      clientInfo: { name: 'Tickwork tests', version: '1.0.0' },
      deviceInfo: { name: 'vitest', id: 'tickwork-socket-tests' },
    });
    const api = jellyfin.createApi(server.url, server.apiKey);
    const received: TaskInfo[][] = [];
    try {
      const unsubscribe = api.subscribe(['ScheduledTasksInfo'], (message) => {
        received.push(message.Data as TaskInfo[]);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await server.request('POST', `/ScheduledTasks/Running/${quickTaskId}`);
      await waitFor(() => (received.length > 0 ? true : undefined));
      unsubscribe();
    } finally {
      // Clearing the token closes the SDK's WebSocket.
      api.update({ accessToken: '' });
      (globalThis as { WebSocket?: unknown }).WebSocket = previous;
    }

    expect(received[0]?.map((task) => task.Key)).toContain('QuickTask');
  });
});
