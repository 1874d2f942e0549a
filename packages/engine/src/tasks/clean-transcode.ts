import { defineTask } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { deleteOldFiles } from './delete-old-files.ts';

const DAY_MS = 24 * 3600 * 1000;

export function cleanTranscodeTask(retentionDays: number): TaskDefinition {
  return defineTask({
    key: 'DeleteTranscodeFiles',
    typeName: JELLYFIN_TASK_TYPE_NAMES.DeleteTranscodeFiles,
    name: 'Clean Transcode Directory',
    description: 'Deletes transcode files more than one day old.',
    category: 'Maintenance',
    defaultTriggers: [{ kind: 'startup' }, { kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    async execute(context) {
      const folder = context.paths.transcode;
      const result = await deleteOldFiles(context, folder, Date.now() - retentionDays * DAY_MS);
      context.logger.info(
        `Deleted ${result.deletedFiles} files (${result.deletedBytes} bytes) and ${result.deletedFolders} empty folders older than ${retentionDays} days from ${folder}.`,
      );
    },
  });
}
