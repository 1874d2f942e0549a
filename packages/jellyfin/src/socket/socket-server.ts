import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import { extractToken } from '@tickwork/accounts';
import type { Accounts, Principal } from '@tickwork/accounts';
import type { Engine, EngineLogger } from '@tickwork/engine';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

import { toTaskInfo, toTaskResult } from '../wire/task-info.ts';
import { parseSocketMessage } from './inbound-message.ts';

/** Seconds Jellyfin announces in ForceKeepAlive; clients send KeepAlive at about half of it. */
const KEEP_ALIVE_SECONDS = 60;
/** Unsent bytes after which a client counts as too slow and is disconnected at its next message. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface JellyfinSocketOptions {
  engine: Engine;
  accounts: Accounts;
  logger: EngineLogger;
}

interface Connection {
  socket: WebSocket;
  principal: Principal;
  /** ScheduledTasksInfoStart messages not yet matched by a Stop; each one receives the pushes. */
  subscriptions: number;
  intervalMs: number;
  lastProgressSentAt: number;
  initialTimer?: NodeJS.Timeout;
}

/**
 * Jellyfin's /socket protocol for the scheduled-task feed: keep-alives,
 * ScheduledTasksInfo snapshots on subscription, on every run start and end,
 * and throttled on progress, and ScheduledTaskEnded for administrators.
 */
export class JellyfinSocketServer {
  readonly #options: JellyfinSocketOptions;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  readonly #connections = new Set<Connection>();
  readonly #unsubscribe: Array<() => void>;
  /** Before this time no subscriber is due a progress push, so progress reports return at once. */
  #nextProgressDueAt = 0;

  constructor(options: JellyfinSocketOptions) {
    this.#options = options;
    const { events } = options.engine;
    this.#unsubscribe = [
      events.on('runStarted', () => this.#pushSnapshot('forced')),
      events.on('runEnded', (result) => {
        this.#pushSnapshot('forced');
        const data = JSON.stringify(toTaskResult(result));
        for (const connection of this.#connections) {
          if (connection.principal.isAdmin) this.#send(connection, 'ScheduledTaskEnded', data);
        }
      }),
      events.on('progress', () => this.#pushSnapshot('progress')),
    ];
  }

  /**
   * Accepts a WebSocket upgrade after checking its token (the same sources as
   * REST). A missing or unknown token is refused with 403, as Jellyfin does.
   */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const query = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
    const token = extractToken(request.headers, query);
    let principal: Principal | undefined;
    try {
      principal = token === undefined ? undefined : await this.#options.accounts.resolveToken(token);
    } catch (error) {
      this.#options.logger.error({ err: error }, 'Failed to check a WebSocket token');
    }
    if (principal === undefined) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }

    const accepted = principal;
    this.#wss.handleUpgrade(request, socket, head, (webSocket) => this.#accept(webSocket, accepted));
  }

  /** Closes every connection and stops listening to the engine. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const connection of this.#connections) {
      clearTimeout(connection.initialTimer);
      connection.socket.close(1001, 'Server shutting down');
    }
    this.#connections.clear();
    this.#wss.close();
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  #accept(socket: WebSocket, principal: Principal): void {
    const connection: Connection = { socket, principal, subscriptions: 0, intervalMs: 1000, lastProgressSentAt: 0 };
    this.#connections.add(connection);
    socket.on('message', (data, isBinary) => this.#receive(connection, isBinary ? '' : data.toString('utf8')));
    socket.on('close', () => {
      clearTimeout(connection.initialTimer);
      this.#connections.delete(connection);
    });
    socket.on('error', (error) => this.#options.logger.warn({ err: error }, 'WebSocket connection error'));
    this.#send(connection, 'ForceKeepAlive', String(KEEP_ALIVE_SECONDS));
  }

  #receive(connection: Connection, text: string): void {
    const message = parseSocketMessage(text);
    if (!message.ok) {
      this.#options.logger.warn({ problem: message.problem }, 'Ignored a malformed WebSocket message');
      return;
    }

    switch (message.type) {
      case 'KeepAlive':
        this.#send(connection, 'KeepAlive');
        return;
      case 'ScheduledTasksInfoStart':
        this.#subscribe(connection, message.data);
        return;
      case 'ScheduledTasksInfoStop':
        connection.subscriptions = Math.max(0, connection.subscriptions - 1);
        if (connection.subscriptions === 0) clearTimeout(connection.initialTimer);
        return;
      default:
        this.#options.logger.debug({ messageType: message.type }, 'Ignored a WebSocket message of another feed');
    }
  }

  /** Handles ScheduledTasksInfoStart with Data "<initialDelayMs>,<intervalMs>". */
  #subscribe(connection: Connection, data: string | undefined): void {
    const parts = (data ?? '').split(',').map((part) => part.trim());
    const [delay, interval] = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
    if (parts.length !== 2 || delay === undefined || interval === undefined || Number.isNaN(delay) || Number.isNaN(interval)) {
      this.#options.logger.warn(
        { data },
        'Ignored ScheduledTasksInfoStart: Data must be "<initialDelayMs>,<intervalMs>", for example "0,1000"',
      );
      return;
    }
    if (!connection.principal.isAdmin) {
      this.#options.logger.info({}, 'Ignored ScheduledTasksInfoStart from a user who is not an administrator');
      return;
    }

    connection.subscriptions += 1;
    connection.intervalMs = interval;
    this.#nextProgressDueAt = 0;
    clearTimeout(connection.initialTimer);
    connection.initialTimer = setTimeout(() => {
      if (connection.subscriptions > 0) this.#send(connection, 'ScheduledTasksInfo', this.#snapshotJson());
    }, delay);
  }

  /** The ScheduledTasksInfo payload: every task that is not hidden, by name. */
  #snapshotJson(): string {
    const tasks = this.#options.engine.listTasks().filter((task) => !task.isHidden);
    return JSON.stringify(tasks.map(toTaskInfo));
  }

  /**
   * Sends the task list to subscribers: to all of them for a run start or
   * end, and on progress only to those whose interval has passed since
   * their last progress push (the others skip this one).
   */
  #pushSnapshot(reason: 'forced' | 'progress'): void {
    const now = Date.now();
    if (reason === 'progress' && now < this.#nextProgressDueAt) return;

    let data: string | undefined;
    let nextDueAt = Number.POSITIVE_INFINITY;
    for (const connection of this.#connections) {
      if (connection.subscriptions === 0) continue;
      if (reason === 'forced' || now - connection.lastProgressSentAt >= connection.intervalMs) {
        connection.lastProgressSentAt = now;
        data ??= this.#snapshotJson();
        for (let copy = 0; copy < connection.subscriptions; copy += 1) this.#send(connection, 'ScheduledTasksInfo', data);
      }
      nextDueAt = Math.min(nextDueAt, connection.lastProgressSentAt + connection.intervalMs);
    }
    this.#nextProgressDueAt = nextDueAt;
  }

  /** Sends one envelope; `data` is JSON text already. Slow clients are disconnected. */
  #send(connection: Connection, messageType: string, data?: string): void {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#options.logger.warn(
        { bufferedBytes: socket.bufferedAmount },
        'Disconnected a WebSocket client that does not keep up with its messages',
      );
      socket.terminate();
      this.#connections.delete(connection);
      return;
    }
    const messageId = randomBytes(16).toString('hex');
    const body = data === undefined ? '' : `"Data":${data},`;
    socket.send(`{"MessageType":"${messageType}",${body}"MessageId":"${messageId}"}`);
  }
}
