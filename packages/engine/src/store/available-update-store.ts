import type { Db } from '@tickwork/db';

export type UpdateKind = 'server' | 'plugin';

export interface AvailableUpdate {
  kind: UpdateKind;
  name: string;
  currentVersion?: string;
  latestVersion: string;
  url?: string;
  changelog?: string;
  sourceUrl: string;
  checkedAt: number;
}

/** Updates found by the update checks; one row per server or plugin name. */
export class AvailableUpdateStore {
  constructor(private readonly db: Db) {}

  /** Replaces the recorded updates of one kind with `updates`, in one transaction. */
  async replace(kind: UpdateKind, updates: AvailableUpdate[]): Promise<void> {
    await this.db.$transaction([
      this.db.availableUpdate.deleteMany({ where: { kind } }),
      this.db.availableUpdate.createMany({
        data: updates.map((update) => ({
          id: `${kind}:${update.name}`,
          kind,
          name: update.name,
          currentVersion: update.currentVersion ?? null,
          latestVersion: update.latestVersion,
          url: update.url ?? null,
          changelog: update.changelog ?? null,
          sourceUrl: update.sourceUrl,
          checkedAt: new Date(update.checkedAt),
        })),
      }),
    ]);
  }

  async list(kind?: UpdateKind): Promise<AvailableUpdate[]> {
    const rows = await this.db.availableUpdate.findMany({
      where: kind === undefined ? {} : { kind },
      orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    });
    return rows.map((row) => ({
      kind: row.kind as UpdateKind,
      name: row.name,
      currentVersion: row.currentVersion ?? undefined,
      latestVersion: row.latestVersion,
      url: row.url ?? undefined,
      changelog: row.changelog ?? undefined,
      sourceUrl: row.sourceUrl,
      checkedAt: row.checkedAt.getTime(),
    }));
  }
}
