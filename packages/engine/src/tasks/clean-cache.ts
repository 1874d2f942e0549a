import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { retentionCleanupTask } from './retention-cleanup.ts';

export function cleanCacheTask(retentionDays: number): TaskDefinition {
  return retentionCleanupTask({
    key: 'DeleteCacheFiles',
    typeName: JELLYFIN_TASK_TYPE_NAMES.DeleteCacheFiles,
    name: 'Clean Cache Directory',
    description: 'Deletes cache files no longer needed by the system.',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    folder: 'cache',
    retentionDays,
  });
}
