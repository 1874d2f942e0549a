import { stat } from 'node:fs/promises';

import type { Library } from '../library/library.ts';
import { walkMediaFiles } from '../library/walk-media-files.ts';
import { MediaItemStore } from '../store/media-item-store.ts';
import type { ScanBatchResult, ScannedFile } from '../store/media-item-store.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskContext, TaskDefinition } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';

/** Files written per transaction; a cancelled scan keeps every batch it finished. */
const SCAN_BATCH_SIZE = 500;
const DELETE_BATCH_SIZE = 500;
/** Share of the progress bar spent walking; the rest is removing vanished items. */
const WALK_PROGRESS_SHARE = 95;

export function refreshLibraryTask(libraries: Library[]): TaskDefinition {
  return defineTask({
    key: 'RefreshLibrary',
    typeName: JELLYFIN_TASK_TYPE_NAMES.RefreshLibrary,
    name: 'Scan Media Library',
    description: 'Scans your media library for new files and refreshes metadata.',
    category: 'Library',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 12 * TICKS_PER_HOUR }],
    execute: (context) => scanLibraries(context, libraries),
  });
}

async function scanLibraries(context: TaskContext, libraries: Library[]): Promise<void> {
  const { logger, signal } = context;
  if (libraries.length === 0) {
    logger.info('No libraries are configured; set TICKWORK_LIBRARY_PATHS or "libraries" in config.json.');
    context.reportProgress(100);
    return;
  }

  const store = new MediaItemStore(context.db);
  const scanStartedAt = Date.now();
  const total = await countMediaFiles(context, libraries);
  const totals: ScanBatchResult = { added: 0, updated: 0, unchanged: 0 };
  const walkedLibraries: string[] = [];
  let processed = 0;
  let hidden = 0;
  let batch: ScannedFile[] = [];

  const flush = async () => {
    const result = await store.applyScanBatch(batch, Date.now());
    totals.added += result.added;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
    processed += batch.length;
    batch = [];
    context.reportProgress(total === 0 ? WALK_PROGRESS_SHARE : (processed / total) * WALK_PROGRESS_SHARE);
  };

  for (const library of libraries) {
    let complete = true;
    for (const root of library.paths) {
      if (!(await isFolder(root))) {
        logger.warn(`Library "${library.name}": the folder ${root} is missing or not a folder; its items are kept.`);
        complete = false;
        continue;
      }
      const walk = walkMediaFiles(root, { signal, logger, withStats: true, onHidden: () => (hidden += 1) });
      for await (const file of walk) {
        const stats = file.stats as NonNullable<typeof file.stats>;
        batch.push({
          path: file.path,
          library: library.name,
          kind: file.kind,
          sizeBytes: stats.size,
          modifiedAt: Math.round(stats.mtimeMs),
        });
        if (batch.length >= SCAN_BATCH_SIZE) await flush();
      }
    }
    await flush();
    if (complete) walkedLibraries.push(library.name);
  }

  let removed = 0;
  const configured = libraries.map((library) => library.name);
  for (;;) {
    signal.throwIfAborted();
    const deleted = await store.deleteUnseen(scanStartedAt, walkedLibraries, configured, DELETE_BATCH_SIZE);
    if (deleted === 0) break;
    removed += deleted;
  }

  context.reportProgress(100);
  logger.info(
    `Scanned ${processed} media files in ${libraries.length} libraries: ${totals.added} added, ${totals.updated} updated, ${removed} removed; skipped ${hidden} hidden entries.`,
  );
}

/** Counts media files for the progress bar; a pass without stat calls, so it is cheap. */
async function countMediaFiles(context: TaskContext, libraries: Library[]): Promise<number> {
  const quiet = { info() {}, warn() {}, error() {} };
  let count = 0;
  for (const library of libraries) {
    for (const root of library.paths) {
      if (!(await isFolder(root))) continue;
      for await (const _file of walkMediaFiles(root, { signal: context.signal, logger: quiet, withStats: false })) {
        count += 1;
      }
    }
  }
  return count;
}

async function isFolder(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}
