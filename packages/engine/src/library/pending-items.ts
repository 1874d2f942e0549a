import type { Db } from '@tickwork/db';

const PAGE_SIZE = 100;

export type PendingItemFilter = 'metadata' | 'chapterImages' | 'trickplay';

export interface PendingItem {
  id: string;
  path: string;
  kind: string;
  modifiedAt: Date;
}

function whereOf(filter: PendingItemFilter) {
  if (filter === 'metadata') return { metadataFileModifiedAt: null };
  if (filter === 'chapterImages') return { kind: 'video', chapterImagesPath: null };
  return { kind: 'video', trickplayPath: null };
}

/** Number of items a task still has to process. */
export function countPendingItems(db: Db, filter: PendingItemFilter): Promise<number> {
  return db.mediaItem.count({ where: whereOf(filter) });
}

/**
 * Yields the items a task still has to process, in pages ordered by id so
 * that memory stays flat and items processed meanwhile are not read twice.
 */
export async function* pendingItems(db: Db, filter: PendingItemFilter): AsyncGenerator<PendingItem> {
  let after: string | undefined;
  for (;;) {
    const page = await db.mediaItem.findMany({
      where: { ...whereOf(filter), ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
      select: { id: true, path: true, kind: true, modifiedAt: true },
    });
    if (page.length === 0) return;
    yield* page;
    after = page.at(-1)?.id;
  }
}
