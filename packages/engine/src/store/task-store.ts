import { retryTransient } from '@tickwork/db';
import type { Db, GroupCommit, WriteClient } from '@tickwork/db';

import type { Trigger, TriggerAnchor } from '../trigger.ts';

/** A task's stored row, as read at start. */
export interface StoredTaskRow {
  id: string;
  key: string;
  /** Raw JSON as stored; null means the task's defaults. */
  triggers: string | null;
  anchors: string | null;
  isEnabled: boolean | null;
}

export interface StoredAnchor extends TriggerAnchor {
  /** The trigger this anchor belongs to, as computed by triggerFingerprint. */
  fingerprint: string;
}

/** The anchors of several tasks, to save together. */
export type AnchorBatch = Array<{ taskId: string; anchors: StoredAnchor[] }>;

/** Rows per statement when registering many new tasks at once. */
const CREATE_CHUNK_SIZE = 200;

/** Prisma's default limit of 5 s for an interactive transaction is too short for tens of thousands of rows on a slow disk. */
const CREATE_TIMEOUT_MS = 120_000;

/** Reads and writes the Task table. */
export class TaskStore {
  constructor(private readonly db: Db) {}

  /** Loads every stored task row, keyed by task id. */
  async loadAll(): Promise<Map<string, StoredTaskRow>> {
    const rows = await this.db.task.findMany({
      select: { id: true, key: true, triggers: true, anchors: true, isEnabled: true },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Inserts rows for newly registered tasks, in one transaction, one chunk
   * of rows per statement. Prisma compiles each statement (and a batch of
   * statements as a whole) in its WebAssembly query compiler. With one batch
   * for 10,000 new tasks, the server kept about 30 MB more V8 heap and 30 MB
   * more external memory after start-up, measured after a full collection.
   */
  async createTasks(tasks: Array<{ id: string; key: string; anchors: StoredAnchor[] }>): Promise<void> {
    if (tasks.length === 0) return;
    await this.db.$transaction(
      async (transaction) => {
        for (let start = 0; start < tasks.length; start += CREATE_CHUNK_SIZE) {
          const chunk = tasks.slice(start, start + CREATE_CHUNK_SIZE);
          // A task whose key moved to a new id (a renamed type) frees its old row first.
          await transaction.task.deleteMany({ where: { key: { in: chunk.map((task) => task.key) } } });
          await transaction.task.createMany({
            data: chunk.map((task) => ({ id: task.id, key: task.key, anchors: JSON.stringify(task.anchors) })),
          });
        }
      },
      { timeout: CREATE_TIMEOUT_MS },
    );
  }

  /** Replaces a task's trigger list and its anchors in one write. */
  async saveTriggers(taskId: string, triggers: Trigger[], anchors: StoredAnchor[]): Promise<void> {
    await retryTransient(() =>
      this.db.task.update({
        where: { id: taskId },
        data: { triggers: JSON.stringify(triggers), anchors: JSON.stringify(anchors) },
      }),
    );
  }

  /**
   * Saves the anchors of several tasks in one transaction, in task id order.
   * Every node of a cluster saves the anchors of the same tasks, so the
   * order keeps two nodes' transactions from locking rows in opposite order.
   * On PostgreSQL anchor saves stay out of the group commit: waiting for
   * another node's row lock there would hold up the run starts of the same
   * transaction. On SQLite, with one process, they join it (see Engine).
   */
  async saveManyAnchors(batch: AnchorBatch, writes?: GroupCommit): Promise<void> {
    if (batch.length === 0) return;
    const ordered = [...batch].sort(byTaskId);
    const write = async (client: WriteClient) => {
      for (const { taskId, anchors } of ordered) {
        await client.task.update({ where: { id: taskId }, data: { anchors: JSON.stringify(anchors) } });
      }
    };
    await retryTransient(() =>
      writes === undefined
        ? this.db.$transaction(write, { maxWait: 10_000, timeout: CREATE_TIMEOUT_MS })
        : writes.write(write, { atomic: true }),
    );
  }

  async saveEnabled(taskId: string, isEnabled: boolean): Promise<void> {
    await retryTransient(() => this.db.task.update({ where: { id: taskId }, data: { isEnabled } }));
  }
}

/** Orders anchor saves by task id, so that every node locks task rows in the same order. */
function byTaskId(left: { taskId: string }, right: { taskId: string }): number {
  if (left.taskId === right.taskId) return 0;
  return left.taskId < right.taskId ? -1 : 1;
}
