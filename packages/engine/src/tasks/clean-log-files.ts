import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { retentionCleanupTask } from './retention-cleanup.ts';

export function cleanLogFilesTask(retentionDays: number): TaskDefinition {
  return retentionCleanupTask({
    key: 'CleanLogFiles',
    typeName: JELLYFIN_TASK_TYPE_NAMES.CleanLogFiles,
    name: 'Clean Log Directory',
    description: `Deletes log files that are more than ${retentionDays} days old.`,
    defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    folder: 'logs',
    retentionDays,
  });
}
