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
  const progress: ScanProgress = {
    phase: 'counting',
    counted: 0,
    total: 0,
    seen: 0,
    folders: 0,
    processed: 0,
    added: 0,
    updated: 0,
    removed: 0,
    hidden: 0,
  };
  try {
    await walkAndStore(context, libraries, store, scanStartedAt, progress);
  } catch (error) {
    // A stopped scan keeps its finished batches, so it logs how far it got.
    if (signal.aborted) logger.info(describeStoppedScan(progress));
    throw error;
  }

  context.reportProgress(100);
  logger.info(
    `Scanned ${progress.processed} media files in ${libraries.length} libraries: ${progress.added} added, ${progress.updated} updated, ${progress.removed} removed; skipped ${progress.hidden} hidden entries.`,
  );
}

/** How far a scan got, updated as it goes so that a stopped scan can report it. */
interface ScanProgress {
  phase: 'counting' | 'walking' | 'removing';
  /** Media files found by the counting pass so far. */
  counted: number;
  /** Media files the counting pass found in all. */
  total: number;
  /** Media files the walk reached, including those of a batch not yet stored. */
  seen: number;
  /** Folders the walk opened. */
  folders: number;
  /** Media files stored in finished batches. */
  processed: number;
  added: number;
  updated: number;
  removed: number;
  hidden: number;
}

/** Writes the log line of a stopped scan: the phase it was in and its counts so far. */
function describeStoppedScan(progress: ScanProgress): string {
  if (progress.phase === 'counting') {
    return `Scan stopped while counting media files (${progress.counted} found so far); no items were changed.`;
  }
  const stored = `${progress.processed} of ${progress.total} media files stored (${progress.added} added, ${progress.updated} updated)`;
  if (progress.phase === 'walking') {
    return `Scan stopped after reaching ${progress.seen} of ${progress.total} media files in ${progress.folders} folders: ${stored}; vanished items were not removed.`;
  }
  return `Scan stopped while removing vanished items: ${stored}, ${progress.removed} removed so far.`;
}

async function walkAndStore(
  context: TaskContext,
  libraries: Library[],
  store: MediaItemStore,
  scanStartedAt: number,
  progress: ScanProgress,
): Promise<void> {
  const { logger, signal } = context;
  // 0 % while counting, so the portal shows a percentage from the start rather than an indeterminate bar.
  context.reportProgress(0);
  progress.total = await countMediaFiles(context, libraries, () => (progress.counted += 1));
  progress.phase = 'walking';
  const walkedLibraries: string[] = [];
  let batch: ScannedFile[] = [];

  const flush = async () => {
    const result: ScanBatchResult = await store.applyScanBatch(batch, Date.now());
    progress.added += result.added;
    progress.updated += result.updated;
    progress.processed += batch.length;
    batch = [];
    context.reportProgress(progress.total === 0 ? WALK_PROGRESS_SHARE : (progress.processed / progress.total) * WALK_PROGRESS_SHARE);
  };

  for (const library of libraries) {
    let complete = true;
    for (const root of library.paths) {
      if (!(await isFolder(root))) {
        logger.warn(`Library "${library.name}": the folder ${root} is missing or not a folder; its items are kept.`);
        complete = false;
        continue;
      }
      const walk = walkMediaFiles(root, { signal, logger, withStats: true, onHidden: () => (progress.hidden += 1), onFolder: () => (progress.folders += 1) });
      for await (const file of walk) {
        const stats = file.stats as NonNullable<typeof file.stats>;
        progress.seen += 1;
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

  progress.phase = 'removing';
  const configured = libraries.map((library) => library.name);
  for (;;) {
    signal.throwIfAborted();
    const deleted = await store.deleteUnseen(scanStartedAt, walkedLibraries, configured, DELETE_BATCH_SIZE);
    if (deleted === 0) break;
    progress.removed += deleted;
  }
}

/** Counts media files for the progress bar; a pass without stat calls, so it is cheap. */
async function countMediaFiles(context: TaskContext, libraries: Library[], onFile: () => void): Promise<number> {
  const quiet = { info() {}, warn() {}, error() {} };
  let count = 0;
  for (const library of libraries) {
    for (const root of library.paths) {
      if (!(await isFolder(root))) continue;
      for await (const _file of walkMediaFiles(root, { signal: context.signal, logger: quiet, withStats: false })) {
        count += 1;
        onFile();
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
