import { GroupCommit } from '@tickwork/db';
import type { Db } from '@tickwork/db';

export type ActivitySeverity = 'Trace' | 'Debug' | 'Information' | 'Warning' | 'Error' | 'Critical';

export interface ActivityEntryInput {
  name: string;
  type: string;
  severity: ActivitySeverity;
  overview?: string;
  shortOverview?: string;
  userId?: string;
  itemId?: string;
  date: number;
}

export interface ActivityEntry extends ActivityEntryInput {
  id: number;
}

export interface ActivityQuery {
  startIndex?: number;
  limit?: number;
  minDate?: number;
  hasUserId?: boolean;
}

/** The activity log: what happened on the server, newest first. */
export class ActivityLogStore {
  constructor(
    private readonly db: Db,
    /** Called after each entry is stored, to announce it to subscribers. */
    private readonly onAdded: (entry: ActivityEntry) => void = () => {},
    /** New entries commit together with other writes that arrive at the same time. */
    private readonly writes: GroupCommit = new GroupCommit(db),
  ) {}

  async add(entry: ActivityEntryInput): Promise<ActivityEntry> {
    const row = await this.writes.write((client) => client.activityLogEntry.create({
      data: {
        name: entry.name,
        type: entry.type,
        severity: entry.severity,
        overview: entry.overview ?? null,
        shortOverview: entry.shortOverview ?? null,
        userId: entry.userId ?? null,
        itemId: entry.itemId ?? null,
        date: new Date(entry.date),
      },
      select: { id: true },
    }));
    const stored = { ...entry, id: row.id };
    this.onAdded(stored);
    return stored;
  }

  async list(query: ActivityQuery): Promise<{ items: ActivityEntry[]; totalRecordCount: number }> {
    const where = {
      ...(query.minDate === undefined ? {} : { date: { gte: new Date(query.minDate) } }),
      ...(query.hasUserId === undefined ? {} : { userId: query.hasUserId ? { not: null } : null }),
    };
    // An interactive transaction: Prisma compiles a batch (`$transaction([...])`) again on every
    // call, while each single query's plan is compiled once.
    const [rows, totalRecordCount] = await this.db.$transaction(async (transaction) => [
      await transaction.activityLogEntry.findMany({
        where,
        orderBy: [{ date: 'desc' }, { id: 'desc' }],
        skip: query.startIndex ?? 0,
        ...(query.limit === undefined ? {} : { take: query.limit }),
      }),
      await transaction.activityLogEntry.count({ where }),
    ] as const);
    return {
      totalRecordCount,
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        type: row.type,
        severity: row.severity as ActivitySeverity,
        overview: row.overview ?? undefined,
        shortOverview: row.shortOverview ?? undefined,
        userId: row.userId ?? undefined,
        itemId: row.itemId ?? undefined,
        date: row.date.getTime(),
      })),
    };
  }
}
