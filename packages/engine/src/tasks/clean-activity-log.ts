import { defineTask } from '../task-definition.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Rows deleted per statement, so a large log never holds a long write lock. */
const DELETE_BATCH_SIZE = 500;

export function cleanActivityLogTask(retentionDays: number): TaskDefinition {
  return defineTask({
    key: 'CleanActivityLog',
    typeName: JELLYFIN_TASK_TYPE_NAMES.CleanActivityLog,
    name: 'Clean Activity Log',
    description: 'Deletes activity log entries older than the configured age.',
    category: 'Maintenance',
    async execute(context) {
      const { db, signal } = context;
      const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
      const total = await db.activityLogEntry.count({ where: { date: { lt: cutoff } } });
      let deleted = 0;
      for (;;) {
        signal.throwIfAborted();
        const rows = await db.activityLogEntry.findMany({
          where: { date: { lt: cutoff } },
          select: { id: true },
          take: DELETE_BATCH_SIZE,
        });
        if (rows.length === 0) break;
        const result = await db.activityLogEntry.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
        deleted += result.count;
        context.reportProgress((deleted / Math.max(total, deleted)) * 100);
      }
      context.reportProgress(100);
      context.logger.info(`Deleted ${deleted} activity log entries older than ${retentionDays} days.`);
    },
  });
}
