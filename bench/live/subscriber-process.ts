// A child process of the live-updates suite with a share of the WebSocket
// subscribers, so that receiving 1,000 messages at once is spread over
// several processes instead of one. The parent talks to it over the IPC
// channel with the messages in subscriber-protocol.ts.
import WebSocket from 'ws';

import { createTickworkClient } from '@tickwork/api/client';
import type { TickworkClient } from '@tickwork/api/client';

import { preciseNow } from '../stats.ts';
import type { ChildMessage, ConnectRequest, ParentMessage } from './subscriber-protocol.ts';

/** Deliveries of the current round: the value received and when, as two flat columns. */
let values: number[] = [];
let arrivals: number[] = [];
let ended = 0;
let closeAll: () => void = () => {};

function send(message: ChildMessage): void {
  process.send?.(message);
}

function record(value: number, at: number): void {
  values.push(value);
  arrivals.push(at);
}

function countEnd(request: ConnectRequest): void {
  ended += 1;
  if (ended === request.count) send({ type: 'roundEnded' });
}

function connectTrpc(request: ConnectRequest): void {
  const clients: TickworkClient[] = [];
  let ready = 0;
  for (let index = 0; index < request.count; index += 1) {
    const client = createTickworkClient({
      url: request.url,
      token: request.token,
      WebSocket,
    });
    clients.push(client);
    client.api.live.onTaskList.subscribe(
      { progressIntervalMs: request.intervalMs },
      {
        onData: (event) => {
          const at = preciseNow();
          if (event.type === 'snapshot') {
            ready += 1;
            if (ready === request.count) send({ type: 'ready' });
          }
          if (event.type === 'progress' && event.taskId === request.taskId) record(event.progress, at);
          if (event.type === 'runEnded' && event.taskId === request.taskId) countEnd(request);
        },
      },
    );
  }
  closeAll = () => {
    for (const client of clients) client.close();
  };
}

function connectJellyfinSocket(request: ConnectRequest): void {
  const sockets: WebSocket[] = [];
  let open = 0;
  const url = `${request.url.replace(/^http/, 'ws')}/socket?api_key=${request.token}`;
  const start = JSON.stringify({ MessageType: 'ScheduledTasksInfoStart', Data: `0,${request.intervalMs}` });
  for (let index = 0; index < request.count; index += 1) {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.on('open', () => {
      socket.send(start);
      open += 1;
      if (open === request.count) send({ type: 'ready' });
    });
    socket.on('message', (data) => {
      const at = preciseNow();
      const message = JSON.parse(data.toString()) as { MessageType: string; Data?: unknown };
      if (message.MessageType === 'ScheduledTaskEnded' && (message.Data as { Id: string }).Id === request.taskId) {
        countEnd(request);
        return;
      }
      if (message.MessageType !== 'ScheduledTasksInfo') return;
      const tasks = message.Data as Array<{ Id: string; CurrentProgressPercentage?: number }>;
      const task = tasks.find((each) => each.Id === request.taskId);
      if (task?.CurrentProgressPercentage !== undefined) record(task.CurrentProgressPercentage, at);
    });
  }
  closeAll = () => {
    for (const socket of sockets) socket.terminate();
  };
}

/** Connects the baseline's clients. Each message carries the time it was sent, and `end` closes a round. */
function connectBare(request: ConnectRequest): void {
  const sockets: WebSocket[] = [];
  let open = 0;
  for (let index = 0; index < request.count; index += 1) {
    const socket = new WebSocket(request.url);
    sockets.push(socket);
    socket.on('open', () => {
      open += 1;
      if (open === request.count) send({ type: 'ready' });
    });
    socket.on('message', (data) => {
      const at = preciseNow();
      const message = JSON.parse(data.toString()) as { type: string; progress: number; sentAt: number };
      if (message.type === 'end') countEnd(request);
      else record(message.sentAt, at);
    });
  }
  closeAll = () => {
    for (const socket of sockets) socket.terminate();
  };
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'connect') {
    if (message.request.mode === 'trpc') connectTrpc(message.request);
    else if (message.request.mode === 'socket') connectJellyfinSocket(message.request);
    else connectBare(message.request);
  } else if (message.type === 'collect') {
    send({ type: 'deliveries', values, arrivals });
    values = [];
    arrivals = [];
    ended = 0;
  } else {
    closeAll();
    process.disconnect();
  }
});

// Without the parent, reconnecting tRPC clients would keep this process alive for good.
process.on('disconnect', () => {
  closeAll();
  process.exit(0);
});
