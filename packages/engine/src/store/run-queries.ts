import type { Db } from '@tickwork/db';

import type { CancelReason, RunOrigin } from '../task-snapshot.ts';

/** A run as stored, with times as epoch milliseconds. */
export interface RunRecord {
  id: string;
  taskId: string;
  taskKey: string;
  taskName: string;
  origin: RunOrigin;
  triggerIndex?: number;
  triggerType?: string;
  userId?: string;
  userName?: string;
  node: string;
  /** Running while the run is open, else its final status. */
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'aborted';
  cancelReason?: CancelReason;
  startedAt: number;
  endedAt?: number;
  progress?: number;
  errorMessage?: string;
  errorStack?: string;
  logLineCount: number;
}

export interface RunPageQuery {
  taskId: string;
  /** Only runs with this status. */
  status?: RunRecord['status'];
  /** Return runs older than this run id (from the previous page's nextCursor). */
  cursor?: string;
  limit: number;
}

type RunRow = Awaited<ReturnType<Db['run']['findFirstOrThrow']>>;
type RunWhere = NonNullable<NonNullable<Parameters<Db['run']['findMany']>[0]>['where']>;

/** Read-only queries over run history, for the API. */
export class RunQueries {
  constructor(private readonly db: Db) {}

  /**
   * Loads one page of a task's runs, newest first, and the cursor of the
   * next page. A page after a cursor is bounded by the cursor run's start
   * time, so the (taskId, startedAt, id) index starts there instead of at
   * the newest run. An unknown cursor gives an empty page.
   */
  async page(query: RunPageQuery): Promise<{ runs: RunRecord[]; nextCursor?: string }> {
    const where: RunWhere = {
      taskId: query.taskId,
      ...(query.status === undefined ? {} : { status: statusToDb(query.status) }),
    };
    if (query.cursor !== undefined) {
      const cursor = await this.db.run.findUnique({ where: { id: query.cursor }, select: { id: true, startedAt: true } });
      if (cursor === null) return { runs: [] };
      where.startedAt = { lte: cursor.startedAt };
      where.OR = [{ startedAt: { lt: cursor.startedAt } }, { startedAt: cursor.startedAt, id: { lt: cursor.id } }];
    }
    const rows = await this.db.run.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const runs = rows.slice(0, query.limit).map(toRecord);
    return { runs, nextCursor: rows.length > query.limit ? runs.at(-1)?.id : undefined };
  }

  /** Loads every open run, oldest first; `clusterWideOnly` leaves out runs of per-node tasks. */
  async openRuns(options: { clusterWideOnly?: boolean } = {}): Promise<RunRecord[]> {
    const rows = await this.db.run.findMany({
      where: { endedAt: null, ...(options.clusterWideOnly === true ? { nodeScope: '' } : {}) },
      orderBy: { startedAt: 'asc' },
    });
    return rows.map(toRecord);
  }

  /** Loads one run by id, or undefined. */
  async get(runId: string): Promise<RunRecord | undefined> {
    const row = await this.db.run.findUnique({ where: { id: runId } });
    return row === null ? undefined : toRecord(row);
  }
}

function statusToDb(status: RunRecord['status']): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    taskId: row.taskId,
    taskKey: row.taskKey,
    taskName: row.taskName,
    origin: row.origin as RunOrigin,
    triggerIndex: row.triggerIndex ?? undefined,
    triggerType: row.triggerType ?? undefined,
    userId: row.userId ?? undefined,
    userName: row.userName ?? undefined,
    node: row.node,
    status: row.status.toLowerCase() as RunRecord['status'],
    cancelReason: (row.cancelReason ?? undefined) as CancelReason | undefined,
    startedAt: row.startedAt.getTime(),
    endedAt: row.endedAt?.getTime(),
    progress: row.progress ?? undefined,
    errorMessage: row.errorMessage ?? undefined,
    errorStack: row.errorStack ?? undefined,
    logLineCount: row.logLineCount,
  };
}
