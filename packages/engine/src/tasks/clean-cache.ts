import { defineTask } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { deleteOldFiles } from './delete-old-files.ts';

const DAY_MS = 24 * 3600 * 1000;

export function cleanCacheTask(retentionDays: number): TaskDefinition {
  return defineTask({
    key: 'DeleteCacheFiles',
    typeName: JELLYFIN_TASK_TYPE_NAMES.DeleteCacheFiles,
    name: 'Clean Cache Directory',
    description: 'Deletes cache files no longer needed by the system.',
    category: 'Maintenance',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    async execute(context) {
      const result = await deleteOldFiles(context, context.paths.cache, Date.now() - retentionDays * DAY_MS);
      context.logger.info(
        `Deleted ${result.deletedFiles} files (${result.deletedBytes} bytes) and ${result.deletedFolders} empty folders older than ${retentionDays} days from ${context.paths.cache}.`,
      );
    },
  });
}
