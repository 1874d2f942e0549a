import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';

import type { Db } from '@tickwork/db';

import type { MediaKind } from '../library/media-kind.ts';

/** A file as the scan saw it. */
export interface ScannedFile {
  path: string;
  library: string;
  kind: MediaKind;
  sizeBytes: number;
  modifiedAt: number;
}

export interface ScanBatchResult {
  added: number;
  updated: number;
  unchanged: number;
}

/** The media items table, as the library scan writes it. */
export class MediaItemStore {
  constructor(private readonly db: Db) {}

  /**
   * Adds new files, updates changed ones (size, modification time or
   * library) and marks every file of the batch as seen at `seenAt`, in one
   * transaction, so a cancelled scan leaves whole batches behind. A changed
   * file loses its metadata mark and image paths, so the metadata and image
   * tasks process it again.
   */
  async applyScanBatch(files: ScannedFile[], seenAt: number): Promise<ScanBatchResult> {
    const result: ScanBatchResult = { added: 0, updated: 0, unchanged: 0 };
    if (files.length === 0) return result;
    const now = new Date(seenAt);

    await this.db.$transaction(async (tx) => {
      const existing = await tx.mediaItem.findMany({
        where: { path: { in: files.map((file) => file.path) } },
        select: { id: true, path: true, library: true, sizeBytes: true, modifiedAt: true },
      });
      const byPath = new Map(existing.map((row) => [row.path, row]));

      const created = [];
      const unchangedIds: string[] = [];
      for (const file of files) {
        const row = byPath.get(file.path);
        if (row === undefined) {
          created.push({
            id: randomUUID(),
            path: file.path,
            library: file.library,
            kind: file.kind,
            sizeBytes: file.sizeBytes,
            modifiedAt: new Date(file.modifiedAt),
            lastSeenAt: now,
            addedAt: now,
            updatedAt: now,
          });
          continue;
        }
        const changed =
          row.sizeBytes !== file.sizeBytes || row.modifiedAt.getTime() !== file.modifiedAt || row.library !== file.library;
        if (!changed) {
          unchangedIds.push(row.id);
          continue;
        }
        await tx.mediaItem.update({
          where: { id: row.id },
          data: {
            library: file.library,
            kind: file.kind,
            sizeBytes: file.sizeBytes,
            modifiedAt: new Date(file.modifiedAt),
            lastSeenAt: now,
            updatedAt: now,
            metadataFileModifiedAt: null,
            chapterImagesPath: null,
            trickplayPath: null,
          },
        });
        result.updated += 1;
      }

      if (created.length > 0) await tx.mediaItem.createMany({ data: created });
      if (unchangedIds.length > 0) {
        await tx.mediaItem.updateMany({ where: { id: { in: unchangedIds } }, data: { lastSeenAt: now } });
      }
      result.added = created.length;
      result.unchanged = unchangedIds.length;
    });
    return result;
  }

  /**
   * Deletes at most `batchSize` items that the scan started at `scanStartedAt`
   * did not see: items of the given libraries, and items of libraries that
   * are no longer configured. Removes their image folders too. Returns how
   * many were deleted, so a caller repeats until it gets 0.
   */
  async deleteUnseen(
    scanStartedAt: number,
    walkedLibraries: string[],
    configuredLibraries: string[],
    batchSize: number,
  ): Promise<number> {
    const rows = await this.db.mediaItem.findMany({
      where: {
        OR: [
          { library: { in: walkedLibraries }, lastSeenAt: { lt: new Date(scanStartedAt) } },
          { library: { notIn: configuredLibraries } },
        ],
      },
      select: { id: true, chapterImagesPath: true, trickplayPath: true },
      take: batchSize,
    });
    if (rows.length === 0) return 0;
    await this.db.mediaItem.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    for (const row of rows) {
      for (const folder of [row.chapterImagesPath, row.trickplayPath]) {
        if (folder !== null) await rm(folder, { recursive: true, force: true });
      }
    }
    return rows.length;
  }
}
