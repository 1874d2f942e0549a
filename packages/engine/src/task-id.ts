import { createHash } from 'node:crypto';

/**
 * Derives a task id the way Jellyfin does: the MD5 of the type name's UTF-16LE
 * bytes, read as a .NET Guid (the first 4, next 2 and next 2 bytes each
 * reversed) and printed as 32 lowercase hex characters without dashes.
 */
export function computeTaskId(typeName: string): string {
  const digest = createHash('md5').update(Buffer.from(typeName, 'utf16le')).digest();
  const guidBytes = Buffer.concat([
    Buffer.from(digest.subarray(0, 4)).reverse(),
    Buffer.from(digest.subarray(4, 6)).reverse(),
    Buffer.from(digest.subarray(6, 8)).reverse(),
    digest.subarray(8),
  ]);
  return guidBytes.toString('hex');
}

/**
 * Full .NET type names of the Jellyfin 10.11 tasks that Tickwork mirrors, by task
 * Key. Hashing one with `computeTaskId` gives Jellyfin's id for that task,
 * so clients that stored a Jellyfin task id keep working. Each name was confirmed
 * by hashing it to the id that Jellyfin 10.11 gives the task.
 */
export const JELLYFIN_TASK_TYPE_NAMES = Object.freeze({
  RefreshLibrary: 'Emby.Server.Implementations.ScheduledTasks.Tasks.RefreshMediaLibraryTask',
  RefreshChapterImages: 'Emby.Server.Implementations.ScheduledTasks.Tasks.ChapterImagesTask',
  RefreshTrickplayImages: 'MediaBrowser.Providers.Trickplay.TrickplayImagesTask',
  DeleteCacheFiles: 'Emby.Server.Implementations.ScheduledTasks.Tasks.DeleteCacheFileTask',
  DeleteTranscodeFiles: 'Emby.Server.Implementations.ScheduledTasks.Tasks.DeleteTranscodeFileTask',
  CleanLogFiles: 'Emby.Server.Implementations.ScheduledTasks.Tasks.DeleteLogFileTask',
  CleanActivityLog: 'Emby.Server.Implementations.ScheduledTasks.Tasks.CleanActivityLogTask',
  OptimizeDatabaseTask: 'Emby.Server.Implementations.ScheduledTasks.Tasks.OptimizeDatabaseTask',
  PluginUpdates: 'Emby.Server.Implementations.ScheduledTasks.Tasks.PluginUpdateTask',
} as const);

/** Returns the type name of a task that mirrors no Jellyfin task. */
export function defaultTypeName(key: string): string {
  return `Tickwork.Tasks.${key}`;
}
