import { openNotificationChannel } from '@tickwork/db';
import type { NotificationChannel } from '@tickwork/db';

import type { EngineEventBus, RunLogLine } from '../events.ts';
import type { EngineLogger } from '../logger.ts';
import type { RunOrigin, RunResult } from '../task-snapshot.ts';

/** The channel every node listens on. */
const CHANNEL = 'tickwork_events';
/** Progress of one run is announced to other nodes at most this often. */
const PROGRESS_INTERVAL_MS = 250;
/** Messages wait this long to be sent together in one notification. */
const BATCH_DELAY_MS = 5;
/** PostgreSQL's notification payload limit is 8,000 bytes; batches stay below it. */
const MAX_PAYLOAD_BYTES = 7900;
/** Maximum log line length sent in a notification (PostgreSQL limits a payload to 8,000 bytes). */
const MAX_LOG_MESSAGE = 2000;

/** A message between nodes. The database rows stay the source of truth. */
export type ClusterMessage =
  | { type: 'runStarted'; node: string; taskId: string; runId: string; startedAt: number; origin: RunOrigin }
  | { type: 'cancelling'; node: string; taskId: string; runId: string }
  | { type: 'progress'; node: string; taskId: string; runId: string; progress: number }
  | { type: 'runEnded'; node: string; taskId: string; runId: string; result: RunResult }
  | { type: 'log'; node: string; line: RunLogLine }
  | { type: 'stop'; node: string; taskId: string; userName?: string }
  | { type: 'triggers'; node: string; taskId: string }
  | { type: 'enabled'; node: string; taskId: string; isEnabled: boolean };

export interface ClusterBusOptions {
  url: string;
  node: string;
  events: EngineEventBus;
  logger: EngineLogger;
  /** Applies a message from another node to this node's memory. */
  apply(message: ClusterMessage): void | Promise<void>;
  /** Re-reads shared state after notifications may have been missed. */
  resync(): Promise<void>;
}

/**
 * Bridges engine events between the nodes of a cluster through PostgreSQL
 * LISTEN/NOTIFY: every local run start, cancel, progress checkpoint, end and
 * log line is announced, and messages from other nodes are applied here.
 */
export class ClusterBus {
  readonly #options: ClusterBusOptions;
  #channel: NotificationChannel | undefined;
  /** True while a remote message's local echo is emitted, so it is not announced again. */
  #applying = false;
  readonly #lastProgressAt = new Map<string, number>();
  readonly #heldProgress = new Map<string, { taskId: string; progress: number; timer: NodeJS.Timeout }>();
  readonly #unsubscribe: Array<() => void> = [];
  readonly #outbox: string[] = [];
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(options: ClusterBusOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { events, node } = this.#options;
    this.#channel = await openNotificationChannel({
      url: this.#options.url,
      channel: CHANNEL,
      onMessage: (payload) => void this.#receive(payload),
      onReconnect: () => {
        this.#options.logger.warn({}, 'Reconnected to PostgreSQL notifications; re-reading shared state');
        this.#options.resync().catch((error: unknown) => {
          // The next sweep re-reads the shared state again.
          this.#options.logger.error({ err: error }, 'Failed to re-read shared state after reconnecting');
        });
      },
      onError: (error) => this.#options.logger.warn({ err: error }, 'PostgreSQL notification connection failed'),
    });

    this.#unsubscribe.push(
      events.on('runStarted', (event) => this.#publish({ type: 'runStarted', node, ...event })),
      events.on('stateChanged', (event) => {
        if (event.state !== 'cancelling') return;
        const runId = this.#runIdOf?.(event.taskId);
        if (runId !== undefined) this.#publish({ type: 'cancelling', node, taskId: event.taskId, runId });
      }),
      events.on('progress', (event) => this.#publishProgress(event.taskId, event.runId, event.progress)),
      events.on('runEnded', (result) => {
        this.#flushProgress(result.runId);
        const errorStack = result.errorStack?.slice(0, MAX_LOG_MESSAGE);
        const errorMessage = result.errorMessage?.slice(0, MAX_LOG_MESSAGE);
        this.#publish({
          type: 'runEnded',
          node,
          taskId: result.taskId,
          runId: result.runId,
          result: { ...result, errorMessage, errorStack },
        });
      }),
      events.on('runLog', (line) => {
        const message = line.message.length > MAX_LOG_MESSAGE ? `${line.message.slice(0, MAX_LOG_MESSAGE)}…` : line.message;
        this.#publish({ type: 'log', node, line: { ...line, message } });
      }),
      events.on('triggersChanged', (event) => this.#publish({ type: 'triggers', node, taskId: event.taskId })),
      events.on('enabledChanged', (event) => this.#publish({ type: 'enabled', node, ...event })),
    );
  }

  /** Set by the engine: the id of the run this node executes for a task, if any. */
  #runIdOf: ((taskId: string) => string | undefined) | undefined;

  setLocalRunLookup(lookup: (taskId: string) => string | undefined): void {
    this.#runIdOf = lookup;
  }

  /** Asks the node that runs a task to stop it. */
  requestStop(taskId: string, userName?: string): void {
    this.#publish({ type: 'stop', node: this.#options.node, taskId, userName }, true);
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    if (this.#flushTimer !== undefined) {
      clearTimeout(this.#flushTimer);
      this.#flushOutbox();
    }
    for (const held of this.#heldProgress.values()) clearTimeout(held.timer);
    this.#heldProgress.clear();
    await this.#channel?.close();
  }

  #publish(message: ClusterMessage, evenWhileApplying = false): void {
    if (this.#applying && !evenWhileApplying) return;
    this.#outbox.push(JSON.stringify(message));
    this.#flushTimer ??= setTimeout(() => this.#flushOutbox(), BATCH_DELAY_MS);
  }

  /**
   * Sends queued messages as JSON arrays that fit one notification. Under
   * load a node has hundreds of messages a second; one round trip per batch
   * instead of per message keeps notifications fast.
   */
  #flushOutbox(): void {
    this.#flushTimer = undefined;
    const messages = this.#outbox.splice(0);
    let batch: string[] = [];
    let size = 2;
    const send = () => {
      if (batch.length === 0) return;
      const payload = `[${batch.join(',')}]`;
      batch = [];
      size = 2;
      this.#channel?.notify(payload).catch((error: unknown) => {
        this.#options.logger.warn({ err: error }, 'Failed to notify the other nodes');
      });
    };
    for (const message of messages) {
      const bytes = Buffer.byteLength(message) + 1;
      if (size + bytes > MAX_PAYLOAD_BYTES) send();
      batch.push(message);
      size += bytes;
    }
    send();
  }

  /** Announces progress at most every PROGRESS_INTERVAL_MS per run, and always the latest value. */
  #publishProgress(taskId: string, runId: string, progress: number): void {
    if (this.#applying) return;
    const held = this.#heldProgress.get(runId);
    if (held !== undefined) {
      held.progress = progress;
      return;
    }
    const wait = (this.#lastProgressAt.get(runId) ?? 0) + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.#lastProgressAt.set(runId, Date.now());
      this.#publish({ type: 'progress', node: this.#options.node, taskId, runId, progress });
      return;
    }
    const timer = setTimeout(() => this.#flushProgress(runId), wait);
    this.#heldProgress.set(runId, { taskId, progress, timer });
  }

  #flushProgress(runId: string): void {
    const held = this.#heldProgress.get(runId);
    this.#lastProgressAt.delete(runId);
    if (held === undefined) return;
    clearTimeout(held.timer);
    this.#heldProgress.delete(runId);
    this.#publish({ type: 'progress', node: this.#options.node, taskId: held.taskId, runId, progress: held.progress });
  }

  async #receive(payload: string): Promise<void> {
    let messages: ClusterMessage[];
    try {
      const parsed = JSON.parse(payload) as ClusterMessage | ClusterMessage[];
      messages = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      this.#options.logger.warn({}, 'Ignored a notification that is not JSON');
      return;
    }

    for (const message of messages) {
      if (message.node === this.#options.node) continue;
      try {
        await this.#options.apply(message);
      } catch (error) {
        this.#options.logger.error({ err: error, type: message.type }, 'Failed to apply a message from another node');
      }
    }
  }

  /**
   * Runs `emit` with announcing switched off, for local events that repeat
   * what another node announced. Emitting is synchronous, so no event of this
   * node's own runs can slip in while it is off.
   */
  muted(emit: () => void): void {
    this.#applying = true;
    try {
      emit();
    } finally {
      this.#applying = false;
    }
  }
}
