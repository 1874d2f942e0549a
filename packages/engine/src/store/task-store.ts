import { retryTransient } from '@tickwork/db';
import type { Db } from '@tickwork/db';

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

  /** Inserts rows for newly registered tasks, in one transaction. */
  async createTasks(tasks: Array<{ id: string; key: string; anchors: StoredAnchor[] }>): Promise<void> {
    if (tasks.length === 0) return;
    // A task whose key moved to a new id (a renamed type) frees its old row first.
    const keys = tasks.map((task) => task.key);
    await this.db.$transaction([
      this.db.task.deleteMany({ where: { key: { in: keys } } }),
      this.db.task.createMany({
        data: tasks.map((task) => ({ id: task.id, key: task.key, anchors: JSON.stringify(task.anchors) })),
      }),
    ]);
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

  async saveAnchors(taskId: string, anchors: StoredAnchor[]): Promise<void> {
    await retryTransient(() => this.db.task.update({ where: { id: taskId }, data: { anchors: JSON.stringify(anchors) } }));
  }

  /** Saves the anchors of several tasks in one transaction. */
  async saveManyAnchors(batch: Array<{ taskId: string; anchors: StoredAnchor[] }>): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [{ taskId: string; anchors: StoredAnchor[] }];
      await this.saveAnchors(only.taskId, only.anchors);
      return;
    }
    await retryTransient(() =>
      this.db.$transaction(
        batch.map(({ taskId, anchors }) => this.db.task.update({ where: { id: taskId }, data: { anchors: JSON.stringify(anchors) } })),
      ),
    );
  }

  async saveEnabled(taskId: string, isEnabled: boolean): Promise<void> {
    await retryTransient(() => this.db.task.update({ where: { id: taskId }, data: { isEnabled } }));
  }
}
