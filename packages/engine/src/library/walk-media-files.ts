import type { Dir, Stats } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';

import type { TaskLogger } from '../task-definition.ts';
import { mediaKindOf } from './media-kind.ts';
import type { MediaKind } from './media-kind.ts';

export interface WalkedFile {
  path: string;
  kind: MediaKind;
  /** Undefined when the walk runs without stats. */
  stats: Stats | undefined;
}

export interface WalkOptions {
  signal: AbortSignal;
  logger: TaskLogger;
  /** When false, files are only counted and not stat'ed (the yielded stats are undefined). */
  withStats: boolean;
  /** Called for each hidden entry skipped; hidden entries are not logged one by one. */
  onHidden?: () => void;
  /** Called for each folder the walk opens, the root included. */
  onFolder?: () => void;
}

/**
 * Yields the media files under `root`, one at a time, so memory stays flat
 * however large the tree is. Folders are read with opendir and visited from
 * an explicit stack, not by recursion. Hidden entries (names starting with a
 * dot) are skipped and reported through `onHidden`. Symbolic links are
 * followed, but a folder whose device and inode were already visited is
 * skipped, so link loops end. Unreadable folders and files are skipped with a
 * warning. Throws the signal's reason when aborted.
 *
 * Memory grows with the number of folders (the stack and the visited set),
 * not with the number of files.
 */
export async function* walkMediaFiles(
  root: string,
  options: WalkOptions,
): AsyncGenerator<WalkedFile> {
  const { signal, logger } = options;
  const visited = new Set<string>();
  const rootStats = await stat(root);
  visited.add(folderKey(rootStats));
  const stack: string[] = [root];

  while (stack.length > 0) {
    signal.throwIfAborted();
    const folder = stack.pop() as string;
    const directory = await openFolder(folder, logger);
    if (directory === undefined) continue;
    options.onFolder?.();

    try {
      for await (const entry of directory) {
        signal.throwIfAborted();
        if (entry.name.startsWith('.')) {
          options.onHidden?.();
          continue;
        }
        const entryPath = path.join(folder, entry.name);

        if (entry.isDirectory() || entry.isSymbolicLink()) {
          const entryStats = await statOrWarn(entryPath, logger);
          if (entryStats === undefined) continue;
          if (entryStats.isDirectory()) {
            const key = folderKey(entryStats);
            if (visited.has(key)) {
              if (entry.isSymbolicLink()) logger.warn(`Skipped ${entryPath}: it links to a folder already scanned.`);
              continue;
            }
            visited.add(key);
            stack.push(entryPath);
            continue;
          }
          if (!entryStats.isFile()) continue;
          const kind = mediaKindOf(entryPath);
          if (kind !== undefined) yield { path: entryPath, kind, stats: entryStats };
          continue;
        }

        if (!entry.isFile()) continue;
        const kind = mediaKindOf(entryPath);
        if (kind === undefined) continue;
        if (!options.withStats) {
          yield { path: entryPath, kind, stats: undefined };
          continue;
        }
        const fileStats = await statOrWarn(entryPath, logger);
        if (fileStats !== undefined) yield { path: entryPath, kind, stats: fileStats };
      }
    } finally {
      await closeQuietly(directory);
    }
  }
}

function folderKey(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

async function openFolder(folder: string, logger: TaskLogger): Promise<Dir | undefined> {
  try {
    return await opendir(folder, { bufferSize: 256 });
  } catch (error) {
    logger.warn(`Skipped the unreadable folder ${folder}: ${(error as Error).message}`);
    return undefined;
  }
}

async function statOrWarn(entryPath: string, logger: TaskLogger): Promise<Stats | undefined> {
  try {
    return await stat(entryPath);
  } catch (error) {
    logger.warn(`Skipped the unreadable entry ${entryPath}: ${(error as Error).message}`);
    return undefined;
  }
}

/** `for await` closes a Dir it finished; one left early by an exception or abort is closed here. */
async function closeQuietly(directory: Dir): Promise<void> {
  try {
    await directory.close();
  } catch {
    // Already closed by the iterator.
  }
}
