import type { TaskDefinition } from '../task-definition.ts';
import { cleanCacheTask } from './clean-cache.ts';
import { cleanTranscodeTask } from './clean-transcode.ts';
import { optimizeDatabaseTask } from './optimize-database.ts';

export interface BuiltInTaskOptions {
  /** Cache files older than this are deleted; default 30. */
  cacheRetentionDays?: number;
  /** Transcoding leftovers older than this are deleted; default 1. */
  transcodeRetentionDays?: number;
}

/** The built-in tasks, Jellyfin's catalogue first. */
export function createBuiltInTasks(options: BuiltInTaskOptions = {}): TaskDefinition[] {
  return [
    cleanCacheTask(options.cacheRetentionDays ?? 30),
    cleanTranscodeTask(options.transcodeRetentionDays ?? 1),
    optimizeDatabaseTask(),
  ];
}
