import type { Library } from '../library/library.ts';
import { mediaTools } from '../media-tools/media-tools.ts';
import type { InstalledPlugin } from '../plugins.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { checkForServerUpdatesTask } from './check-for-server-updates.ts';
import { cleanActivityLogTask } from './clean-activity-log.ts';
import { cleanCacheTask } from './clean-cache.ts';
import { cleanLogFilesTask } from './clean-log-files.ts';
import { cleanTranscodeTask } from './clean-transcode.ts';
import { cleanupRunHistoryTask } from './cleanup-run-history.ts';
import { optimizeDatabaseTask } from './optimize-database.ts';
import { pluginUpdatesTask } from './plugin-updates.ts';
import { refreshChapterImagesTask } from './refresh-chapter-images.ts';
import { refreshLibraryTask } from './refresh-library.ts';
import { refreshMetadataTask } from './refresh-metadata.ts';
import { refreshTrickplayImagesTask } from './refresh-trickplay-images.ts';

export interface BuiltInTaskOptions {
  /** Libraries the scan walks; default none. */
  libraries?: Library[];
  /** Default `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** Default `ffprobe` on PATH; when set, Refresh Metadata fails if it is missing. */
  ffprobePath?: string;
  /** Cache files older than this are deleted; default 30. */
  cacheRetentionDays?: number;
  /** Transcoding leftovers older than this are deleted; default 1. */
  transcodeRetentionDays?: number;
  /** Log files older than this are deleted; default 3. */
  logRetentionDays?: number;
  /** Activity log entries older than this are deleted; default 30. */
  activityLogRetentionDays?: number;
  /** Finished runs kept per task; default 100. */
  historyMaxRuns?: number;
  /** Finished runs older than this are deleted; default 30. */
  historyMaxAgeDays?: number;
  /** Jellyfin-format plugin repository manifests; default none. */
  pluginRepositoryUrls?: string[];
  /** GitHub-releases-style feed of server releases; default none. */
  releaseFeedUrl?: string;
  /** Time limit of each update-check request; default 30 s. */
  updateCheckTimeoutMs?: number;
  /** The running server version the release feed is compared with; default 0.0.0. */
  serverVersion?: string;
  /** Jellyfin plugin ABI the server offers; plugin versions that target a newer one are ignored. Default 10.11.0. */
  pluginAbiVersion?: string;
  /** Installed plugins with a version, read when Update Plugins runs; default none. */
  installedPlugins?: () => InstalledPlugin[];
}

/** Creates the built-in tasks, Jellyfin's catalogue first. */
export function createBuiltInTasks(options: BuiltInTaskOptions = {}): TaskDefinition[] {
  const tools = mediaTools({ ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath });
  const timeoutMs = options.updateCheckTimeoutMs ?? 30_000;
  return [
    refreshLibraryTask(options.libraries ?? []),
    refreshChapterImagesTask(tools),
    refreshTrickplayImagesTask(tools),
    cleanCacheTask(options.cacheRetentionDays ?? 30),
    cleanLogFilesTask(options.logRetentionDays ?? 3),
    cleanTranscodeTask(options.transcodeRetentionDays ?? 1),
    optimizeDatabaseTask(),
    cleanActivityLogTask(options.activityLogRetentionDays ?? 30),
    pluginUpdatesTask({
      manifestUrls: options.pluginRepositoryUrls ?? [],
      timeoutMs,
      abiVersion: options.pluginAbiVersion ?? '10.11.0',
      installedPlugins: options.installedPlugins ?? (() => []),
    }),
    refreshMetadataTask(tools),
    checkForServerUpdatesTask({
      releaseFeedUrl: options.releaseFeedUrl,
      currentVersion: options.serverVersion ?? '0.0.0',
      timeoutMs,
    }),
    cleanupRunHistoryTask({ maxRuns: options.historyMaxRuns ?? 100, maxAgeDays: options.historyMaxAgeDays ?? 30 }),
  ];
}
