import { audioTagsOrWarn, videoDurationReader } from '../library/metadata-sources.ts';
import { parseFileName } from '../library/file-name-metadata.ts';
import { countPendingItems, pendingItems } from '../library/pending-items.ts';
import type { MediaTools } from '../media-tools/media-tools.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskContext, TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';

export function refreshMetadataTask(tools: MediaTools): TaskDefinition {
  return defineTask({
    key: 'RefreshMetadata',
    name: 'Refresh Metadata',
    description:
      'Reads titles, years, seasons and episodes from file names, tags from audio files and durations from videos.',
    category: 'Library',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    execute: (context) => refreshMetadata(context, tools),
  });
}

/**
 * Refreshes every item whose metadata was never read or whose file changed
 * since. Each item is written on its own, so a cancelled run keeps what it did.
 */
async function refreshMetadata(context: TaskContext, tools: MediaTools): Promise<void> {
  const { db, signal, logger } = context;
  const readDuration = await videoDurationReader(context, tools);
  const total = await countPendingItems(db, 'metadata');
  let processed = 0;
  let tagged = 0;
  let timed = 0;

  for await (const item of pendingItems(db, 'metadata')) {
    signal.throwIfAborted();
    const kind = item.kind === 'audio' ? 'audio' : 'video';
    const fromName = parseFileName(item.path, kind);
    const tags = kind === 'audio' ? await audioTagsOrWarn(item.path, logger) : undefined;
    const durationSeconds = kind === 'audio' ? tags?.durationSeconds : await readDuration(item.path);
    if (tags !== undefined) tagged += 1;
    if (durationSeconds !== undefined) timed += 1;

    await db.mediaItem.update({
      where: { id: item.id },
      data: {
        title: tags?.title ?? fromName.title ?? null,
        year: tags?.year ?? fromName.year ?? null,
        seasonNumber: fromName.seasonNumber ?? null,
        episodeNumber: fromName.episodeNumber ?? null,
        trackNumber: tags?.trackNumber ?? fromName.trackNumber ?? null,
        artist: tags?.artist ?? null,
        albumArtist: tags?.albumArtist ?? null,
        album: tags?.album ?? null,
        genre: tags?.genre ?? null,
        durationSeconds: durationSeconds ?? null,
        metadataFileModifiedAt: item.modifiedAt,
        updatedAt: new Date(),
      },
    });
    processed += 1;
    context.reportProgress((processed / Math.max(total, processed)) * 100);
  }

  context.reportProgress(100);
  logger.info(`Refreshed the metadata of ${processed} items: ${tagged} with audio tags, ${timed} with a duration.`);
}
