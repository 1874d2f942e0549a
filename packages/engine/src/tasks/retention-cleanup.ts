import { defineTask } from '../task-definition.ts';
import type { TaskDefinition, TaskPaths } from '../task-definition.ts';
import type { Trigger } from '../trigger.ts';
import { deleteOldFiles } from './delete-old-files.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionCleanupOptions {
  key: string;
  typeName: string;
  name: string;
  description: string;
  defaultTriggers: Trigger[];
  /** The folder to clean, from the configured paths. */
  folder: keyof TaskPaths;
  retentionDays: number;
}

/**
 * Defines a task that deletes files older than a retention from one folder,
 * and the folders left empty. The folders are each node's own, so in a
 * cluster every node runs its own copy.
 */
export function retentionCleanupTask(options: RetentionCleanupOptions): TaskDefinition {
  return defineTask({
    key: options.key,
    typeName: options.typeName,
    name: options.name,
    description: options.description,
    category: 'Maintenance',
    defaultTriggers: options.defaultTriggers,
    scope: 'node',
    async execute(context) {
      const folder = context.paths[options.folder];
      const result = await deleteOldFiles(context, folder, Date.now() - options.retentionDays * DAY_MS);
      context.logger.info(
        `Deleted ${result.deletedFiles} files (${result.deletedBytes} bytes) and ${result.deletedFolders} empty folders older than ${options.retentionDays} days from ${folder}.`,
      );
    },
  });
}
