import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import type { MediaTools } from '../media-tools/media-tools.ts';
import { requireTool } from '../media-tools/run-tool.ts';
import type { TaskContext } from '../task-definition.ts';
import { countPendingItems, pendingItems } from './pending-items.ts';
import type { PendingItem } from './pending-items.ts';

export interface ImageTaskOptions {
  filter: 'chapterImages' | 'trickplay';
  /** Folder under `<data>/metadata` that contains one folder per item. */
  folderName: string;
  /** Label of the images in the run log, such as `chapter images`. */
  label: string;
  /** Writes the images of one item into `folder`; throws when the item cannot be processed. */
  writeImages(context: TaskContext, tools: MediaTools, item: PendingItem, folder: string): Promise<void>;
}

/**
 * Runs an image task over every video item without images, after checking
 * that ffmpeg and ffprobe start. Each item's images go into a `.partial`
 * folder, which is renamed into place before the path is recorded. So a
 * cancelled run leaves no half-written folder recorded as done. An item
 * that fails is logged and retried on the next run.
 */
export async function runImageTask(context: TaskContext, tools: MediaTools, options: ImageTaskOptions): Promise<void> {
  const { db, logger, signal } = context;
  await requireTool(context, tools.ffmpeg);
  await requireTool(context, tools.ffprobe);

  const root = path.join(context.paths.data, 'metadata', options.folderName);
  await mkdir(root, { recursive: true });
  const total = await countPendingItems(db, options.filter);
  let processed = 0;
  let done = 0;
  let failed = 0;

  for await (const item of pendingItems(db, options.filter)) {
    signal.throwIfAborted();
    const folder = path.join(root, item.id);
    const partial = `${folder}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    try {
      await options.writeImages(context, tools, item, partial);
      await rm(folder, { recursive: true, force: true });
      await rename(partial, folder);
      await db.mediaItem.update({
        where: { id: item.id },
        data: options.filter === 'chapterImages' ? { chapterImagesPath: folder } : { trickplayPath: folder },
      });
      done += 1;
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      if (signal.aborted) throw signal.reason;
      failed += 1;
      logger.warn(`Could not write the ${options.label} of ${item.path}: ${(error as Error).message}`);
    }
    processed += 1;
    context.reportProgress((processed / Math.max(total, processed)) * 100);
  }

  context.reportProgress(100);
  logger.info(`Wrote ${options.label} for ${done} videos; ${failed} failed and will be retried on the next run.`);
}
