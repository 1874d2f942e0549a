import { defineTask } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';

/** Key of the library scan; optimizing while it writes would only slow both down. */
const LIBRARY_SCAN_KEY = 'RefreshLibrary';

export function optimizeDatabaseTask(): TaskDefinition {
  return defineTask({
    key: 'OptimizeDatabaseTask',
    typeName: JELLYFIN_TASK_TYPE_NAMES.OptimizeDatabaseTask,
    name: 'Optimize database',
    description:
      'Compacts the database and truncates free space. Running this task after scanning the library or doing other changes that imply database modifications might improve performance.',
    category: 'Maintenance',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 6 * TICKS_PER_HOUR }],
    async execute(context) {
      if (context.isTaskRunning(LIBRARY_SCAN_KEY)) {
        context.logger.info('Skipped: a library scan is running; the next trigger will optimize the database.');
        return;
      }

      const { db } = context;
      context.signal.throwIfAborted();
      if (context.databaseProvider === 'sqlite') {
        await db.$queryRawUnsafe('PRAGMA optimize');
        context.reportProgress(50);
        context.signal.throwIfAborted();
        await db.$executeRawUnsafe('VACUUM');
        // In WAL mode VACUUM writes the compacted database into the WAL, and the file shrinks only when
        // a checkpoint copies it back. TRUNCATE also empties the WAL file, which otherwise keeps its largest size.
        await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
        context.logger.info('Ran PRAGMA optimize, VACUUM and a WAL checkpoint.');
      } else {
        await db.$executeRawUnsafe('VACUUM (ANALYZE)');
        context.logger.info('Ran VACUUM (ANALYZE).');
      }
      context.reportProgress(100);
    },
  });
}
