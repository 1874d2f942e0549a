import { lstat, opendir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';

import type { TaskContext } from '../task-definition.ts';

export interface DeleteOldFilesResult {
  deletedFiles: number;
  deletedBytes: number;
  deletedFolders: number;
  failed: number;
}

/**
 * Deletes regular files under `root` last modified before `olderThan` (epoch
 * ms), then removes folders left empty (never `root` itself). Symbolic links
 * are never followed, so nothing outside `root` is touched; a link itself is
 * deleted when it is old. Checks for cancellation between files.
 */
export async function deleteOldFiles(context: TaskContext, root: string, olderThan: number): Promise<DeleteOldFilesResult> {
  const result: DeleteOldFilesResult = { deletedFiles: 0, deletedBytes: 0, deletedFolders: 0, failed: 0 };
  const total = await countEntries(root, context.signal);
  if (total === 0) {
    context.reportProgress(100);
    return result;
  }

  let processed = 0;
  const visit = async (folder: string): Promise<boolean> => {
    let empty = true;
    const directory = await openFolder(folder);
    if (directory === undefined) return false;

    for await (const entry of directory) {
      context.signal.throwIfAborted();
      const entryPath = path.join(folder, entry.name);
      processed += 1;
      context.reportProgress((processed / total) * 100);

      if (entry.isDirectory()) {
        const childEmpty = await visit(entryPath);
        if (childEmpty && (await removeFolder(entryPath))) {
          result.deletedFolders += 1;
          continue;
        }
        empty = false;
        continue;
      }

      try {
        const stats = await lstat(entryPath);
        if (stats.mtimeMs >= olderThan) {
          empty = false;
          continue;
        }
        await unlink(entryPath);
        result.deletedFiles += 1;
        result.deletedBytes += stats.size;
      } catch (error) {
        empty = false;
        result.failed += 1;
        context.logger.warn(`Could not delete ${entryPath}: ${(error as Error).message}`);
      }
    }
    return empty;
  };

  await visit(root);
  context.reportProgress(100);
  return result;
}

async function openFolder(folder: string) {
  try {
    return await opendir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function removeFolder(folder: string): Promise<boolean> {
  try {
    await rmdir(folder);
    return true;
  } catch {
    return false;
  }
}

/** Counts files and folders under root without following links, for progress. */
async function countEntries(root: string, signal: AbortSignal): Promise<number> {
  const directory = await openFolder(root);
  if (directory === undefined) return 0;
  let count = 0;
  for await (const entry of directory) {
    signal.throwIfAborted();
    count += 1;
    if (entry.isDirectory()) count += await countEntries(path.join(root, entry.name), signal);
  }
  return count;
}
