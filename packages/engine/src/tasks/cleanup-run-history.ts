import { FireClaimStore } from '../store/fire-claim-store.ts';
import { RunStore } from '../store/run-store.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Fire claims are kept one day; a fire can only be raced for around its own time. */
const FIRE_CLAIM_RETENTION_MS = DAY_MS;
/** Runs deleted per statement; their log lines go with them. */
const DELETE_BATCH_SIZE = 500;

/**
 * Waits for one turn of the event loop. SQLite statements resolve without
 * one, so a loop of batches would otherwise keep requests, sockets and
 * timers waiting until the whole history is pruned.
 */
function nextEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface RunHistoryRetention {
  maxRuns: number;
  maxAgeDays: number;
}

/**
 * Deletes, task by task, finished runs beyond the newest `maxRuns` and those
 * older than `maxAgeDays`, keeping each task's last result. The engine prunes
 * one batch after every run too; this task catches up on tasks that rarely run.
 */
export function cleanupRunHistoryTask(retention: RunHistoryRetention): TaskDefinition {
  return defineTask({
    key: 'CleanupRunHistory',
    name: 'Clean up task history',
    description: `Deletes task runs beyond the newest ${retention.maxRuns} per task or older than ${retention.maxAgeDays} days.`,
    category: 'Maintenance',
    isHidden: true,
    defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    async execute(context) {
      const { db, signal } = context;
      const runs = new RunStore(db);
      const tasks = await db.task.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
      const olderThan = Date.now() - retention.maxAgeDays * DAY_MS;
      let deleted = 0;
      for (const [index, task] of tasks.entries()) {
        await nextEventLoopTurn();
        // Progress within a task is measured against its finished runs, an upper bound of what it can lose.
        const finished = await db.run.count({ where: { taskId: task.id, endedAt: { not: null } } });
        let deletedOfTask = 0;
        let position = await runs.historyBoundary(task.id, retention.maxRuns, olderThan);
        while (position !== undefined) {
          await nextEventLoopTurn();
          signal.throwIfAborted();
          const batch = await runs.deleteRunsBefore(task.id, position, DELETE_BATCH_SIZE);
          position = batch.next;
          if (batch.deleted === 0) continue;
          deleted += batch.deleted;
          deletedOfTask += batch.deleted;
          context.reportProgress(((index + deletedOfTask / Math.max(finished, 1)) / tasks.length) * 100);
        }
        context.reportProgress(((index + 1) / tasks.length) * 100);
      }
      // Fire claims only matter while nodes may still race for the same fire.
      const claims = new FireClaimStore(db, '');
      let deletedClaims = 0;
      for (;;) {
        await nextEventLoopTurn();
        signal.throwIfAborted();
        const count = await claims.pruneClaims(Date.now() - FIRE_CLAIM_RETENTION_MS, DELETE_BATCH_SIZE);
        if (count === 0) break;
        deletedClaims += count;
      }
      context.reportProgress(100);
      context.logger.info(`Deleted ${deletedClaims} fire claims older than one day.`);
      context.logger.info(`Deleted ${deleted} finished runs from the history of ${tasks.length} tasks.`);
    },
  });
}
