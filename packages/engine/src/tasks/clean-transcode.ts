import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { retentionCleanupTask } from './retention-cleanup.ts';

export function cleanTranscodeTask(retentionDays: number): TaskDefinition {
  return retentionCleanupTask({
    key: 'DeleteTranscodeFiles',
    typeName: JELLYFIN_TASK_TYPE_NAMES.DeleteTranscodeFiles,
    name: 'Clean Transcode Directory',
    description: 'Deletes transcode files more than one day old.',
    defaultTriggers: [{ kind: 'startup' }, { kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    folder: 'transcode',
    retentionDays,
  });
}
