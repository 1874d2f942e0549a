import { GroupCommit, OUTAGE_RETRY_DELAYS_MS, isUniqueViolation, retryTransient } from '@tickwork/db';
import type { Db, WriteClient } from '@tickwork/db';

import { insertFireClaim } from './fire-claim-store.ts';
import type { FireKey } from './fire-claim-store.ts';
import type { CancelReason, RunOrigin, RunResult, RunStatus } from '../task-snapshot.ts';

export interface NewRun {
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
  /** This node's id for a per-node task's run, empty otherwise; one run per task and scope may be open. */
  nodeScope: string;
  startedAt: number;
  /** The run belongs to its node until this time (epoch ms); heartbeats extend it. */
  leaseExpiresAt: number;
  /** Scheduled fires claimed in the same commit; see RunRequest.fireClaims. */
  fireClaims?: FireKey[];
}

export interface FinishedRun {
  id: string;
  /** The token the run was started with; a run taken over since has another one. */
  fencingToken: number;
  status: RunStatus;
  endedAt: number;
  cancelReason?: CancelReason;
  progress?: number;
  errorMessage?: string;
  errorStack?: string;
  /** Log lines the run wrote, stored in the same update. */
  logLineCount: number;
}

/** A finished run's place in a task's history, which is ordered by end time and then id. */
export interface RunPosition {
  id: string;
  /** Epoch milliseconds. */
  endedAt: number;
}

const STATUS_TO_DB: Record<RunStatus, string> = {
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  aborted: 'Aborted',
};

const STATUS_FROM_DB: Record<string, RunStatus> = {
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Aborted: 'aborted',
};

/** Runs per heartbeat statement; SQLite allows 32,766 bound values per statement by default. */
const HEARTBEAT_CHUNK = 500;

/** Reads and writes the Run table; the only module that records runs. */
export class RunStore {
  constructor(
    private readonly db: Db,
    /** Run starts and ends commit together with other writes that arrive at the same time. */
    private readonly writes: GroupCommit = new GroupCommit(db),
  ) {}

  /**
   * Records the start of a run as an open row, retrying through a database
   * outage. Throws a unique violation when another run of the task is open.
   * With fire claims, it claims them in the same transaction first, and
   * resolves false, storing nothing, when every one was claimed before.
   */
  async insertRun(run: NewRun): Promise<boolean> {
    const claims = run.fireClaims ?? [];
    let attempts = 0;
    try {
      return await retryTransient(() => {
        attempts += 1;
        if (claims.length > 0) {
          return this.writes.write((client) => this.#claimThenCreate(client, run, claims, attempts > 1), { atomic: true });
        }
        return this.writes.write(async (client) => {
          await this.#createRun(client, run);
          return true;
        });
      }, OUTAGE_RETRY_DELAYS_MS);
    } catch (error) {
      // An attempt whose reply was lost may have written the row itself.
      if (attempts > 1 && isUniqueViolation(error)) {
        const row = await this.db.run.findUnique({ where: { id: run.id }, select: { node: true } });
        if (row?.node === run.node) return true;
      }
      throw error;
    }
  }

  /** Claims the fires, then stores the run if this call won any of them. */
  async #claimThenCreate(client: WriteClient, run: NewRun, claims: FireKey[], retried: boolean): Promise<boolean> {
    let won = 0;
    for (const fire of claims) won += await insertFireClaim(client, run.node, run.taskId, fire);
    if (won === 0) {
      // An attempt whose reply was lost may have written the claims and the run itself.
      return retried && (await client.run.count({ where: { id: run.id } })) === 1;
    }
    await this.#createRun(client, run);
    return true;
  }

  #createRun(client: WriteClient, run: NewRun) {
    return client.run.create({
      data: {
        id: run.id,
        taskId: run.taskId,
        taskKey: run.taskKey,
        taskName: run.taskName,
        origin: run.origin,
        triggerIndex: run.triggerIndex ?? null,
        triggerType: run.triggerType ?? null,
        userId: run.userId ?? null,
        userName: run.userName ?? null,
        node: run.node,
        nodeScope: run.nodeScope,
        status: 'Running',
        startedAt: new Date(run.startedAt),
        heartbeatAt: new Date(run.startedAt),
        leaseExpiresAt: new Date(run.leaseExpiresAt),
      },
      select: { id: true },
    });
  }

  /**
   * Closes an open run with its final status, retrying through a database
   * outage. Returns false, writing nothing, when the run was closed or taken
   * over by another process.
   */
  async finishRun(run: FinishedRun): Promise<boolean> {
    let attempts = 0;
    const result = await retryTransient(() => {
      attempts += 1;
      return this.writes.write((client) => this.#closeRun(client, run));
    }, OUTAGE_RETRY_DELAYS_MS);
    if (result.count === 1) return true;
    if (attempts === 1) return false;
    // An attempt whose reply was lost may have closed the run itself.
    const row = await this.db.run.findUnique({ where: { id: run.id }, select: { endedAt: true, fencingToken: true } });
    return row?.fencingToken === run.fencingToken && row.endedAt?.getTime() === run.endedAt;
  }

  #closeRun(client: WriteClient, run: FinishedRun) {
    return client.run.updateMany({
      where: { id: run.id, endedAt: null, fencingToken: run.fencingToken },
      data: {
        status: STATUS_TO_DB[run.status],
        endedAt: new Date(run.endedAt),
        heartbeatAt: new Date(run.endedAt),
        cancelReason: run.cancelReason ?? null,
        progress: run.progress ?? null,
        errorMessage: run.errorMessage ?? null,
        errorStack: run.errorStack ?? null,
        logLineCount: run.logLineCount,
      },
    });
  }

  /**
   * Marks open runs as alive, extends their leases and checkpoints their
   * progress. Returns the ids of runs that no longer belong to this process
   * (closed or taken over by another one).
   */
  async heartbeat(
    runs: Array<{ id: string; fencingToken: number; progress?: number }>,
    at: number,
    leaseMs: number,
  ): Promise<string[]> {
    if (runs.length === 0) return [];
    const alive = { heartbeatAt: new Date(at), leaseExpiresAt: new Date(at + leaseMs) };
    const stillOurs = new Set<string>();
    // One statement per chunk of runs, whatever their number: a catch-up after downtime can
    // start thousands of runs at once. Another process takes a run over only by closing it,
    // so `endedAt: null` keeps this from extending a run that is no longer ours.
    for (let from = 0; from < runs.length; from += HEARTBEAT_CHUNK) {
      const chunk = runs.slice(from, from + HEARTBEAT_CHUNK);
      const ids = chunk.map((run) => run.id);
      await this.db.run.updateMany({ where: { id: { in: ids }, endedAt: null }, data: alive });
      const rows = await this.db.run.findMany({
        where: { id: { in: ids }, endedAt: null },
        select: { id: true, fencingToken: true },
      });
      const tokens = new Map(rows.map((row) => [row.id, row.fencingToken]));
      for (const run of chunk) if (tokens.get(run.id) === run.fencingToken) stillOurs.add(run.id);
    }
    await Promise.all(
      runs
        .filter((run) => run.progress !== undefined && stillOurs.has(run.id))
        .map((run) =>
          this.writes.write((client) =>
            client.run.updateMany({
              where: { id: run.id, endedAt: null, fencingToken: run.fencingToken },
              data: { progress: run.progress ?? null },
            }),
          ),
        ),
    );
    return runs.filter((run) => !stillOurs.has(run.id)).map((run) => run.id);
  }

  /**
   * Closes open runs whose lease expired before `now`: their process died or
   * stalled. Each is recorded as Aborted at its last heartbeat, and its
   * fencing token is bumped so that the old owner can no longer write it.
   */
  async abortExpiredRuns(now: number): Promise<Array<{ id: string; taskId: string; taskKey: string; endedAt: number }>> {
    const expired = await this.db.run.findMany({
      where: { endedAt: null, leaseExpiresAt: { lt: new Date(now) } },
      select: { id: true, taskId: true, taskKey: true, heartbeatAt: true, fencingToken: true },
    });
    const closed = [];
    for (const run of expired) {
      const result = await this.db.run.updateMany({
        where: { id: run.id, endedAt: null, fencingToken: run.fencingToken },
        data: {
          status: 'Aborted',
          endedAt: run.heartbeatAt,
          cancelReason: 'leaseExpired',
          fencingToken: run.fencingToken + 1,
        },
      });
      if (result.count === 1) {
        closed.push({ id: run.id, taskId: run.taskId, taskKey: run.taskKey, endedAt: run.heartbeatAt.getTime() });
      }
    }
    return closed;
  }

  /**
   * Closes every run left open by a process that died (single-node mode: any
   * open run at start). Each is recorded as Aborted at the time its process
   * was last known alive. Returns the closed runs.
   */
  async abortOpenRuns(): Promise<Array<{ id: string; taskKey: string; endedAt: number }>> {
    const open = await this.db.run.findMany({
      where: { endedAt: null },
      select: { id: true, taskKey: true, heartbeatAt: true },
    });
    for (const run of open) {
      await this.db.run.updateMany({
        where: { id: run.id, endedAt: null },
        data: { status: 'Aborted', endedAt: run.heartbeatAt, cancelReason: 'crash', fencingToken: { increment: 1 } },
      });
    }
    return open.map((run) => ({ id: run.id, taskKey: run.taskKey, endedAt: run.heartbeatAt.getTime() }));
  }

  /** Loads the newest finished run of every task, keyed by task id. */
  async latestResults(taskIds?: string[]): Promise<Map<string, RunResult>> {
    if (taskIds !== undefined) return this.#latestResultsOf(taskIds);
    // One query: for each task, the finished run with the greatest end time. It starts from the
    // Task table, so the subquery runs once per task instead of once per run in the history.
    const rows = await this.db.$queryRawUnsafe<
      Array<{
        id: string;
        taskId: string;
        taskKey: string;
        taskName: string;
        status: string;
        cancelReason: string | null;
        startedAt: Date | string | number;
        endedAt: Date | string | number;
        errorMessage: string | null;
        errorStack: string | null;
      }>
    >(
      `SELECT r."id", r."taskId", r."taskKey", r."taskName", r."status", r."cancelReason",
              r."startedAt", r."endedAt", r."errorMessage", r."errorStack"
         FROM "Task" t
         JOIN "Run" r
           ON r."id" = (SELECT r2."id" FROM "Run" r2
                         WHERE r2."taskId" = t."id" AND r2."endedAt" IS NOT NULL
                         ORDER BY r2."endedAt" DESC, r2."id" DESC LIMIT 1)`,
    );

    const results = new Map<string, RunResult>();
    for (const row of rows) {
      const status = STATUS_FROM_DB[row.status];
      if (status === undefined) continue;
      results.set(row.taskId, {
        runId: row.id,
        taskId: row.taskId,
        taskKey: row.taskKey,
        taskName: row.taskName,
        startedAt: toEpoch(row.startedAt),
        endedAt: toEpoch(row.endedAt),
        status,
        cancelReason: (row.cancelReason ?? undefined) as CancelReason | undefined,
        errorMessage: status === 'failed' ? (row.errorMessage ?? undefined) : undefined,
        errorStack: status === 'failed' ? (row.errorStack ?? undefined) : undefined,
      });
    }
    return results;
  }

  /** The newest finished run of a few tasks: one indexed query per task. */
  async #latestResultsOf(taskIds: string[]): Promise<Map<string, RunResult>> {
    const results = new Map<string, RunResult>();
    for (const taskId of taskIds) {
      const row = await this.db.run.findFirst({
        where: { taskId, endedAt: { not: null } },
        orderBy: [{ endedAt: 'desc' }, { id: 'desc' }],
      });
      const status = row === null ? undefined : STATUS_FROM_DB[row.status];
      if (row === null || status === undefined || row.endedAt === null) continue;
      results.set(taskId, {
        runId: row.id,
        taskId: row.taskId,
        taskKey: row.taskKey,
        taskName: row.taskName,
        startedAt: row.startedAt.getTime(),
        endedAt: row.endedAt.getTime(),
        status,
        cancelReason: (row.cancelReason ?? undefined) as CancelReason | undefined,
        errorMessage: status === 'failed' ? (row.errorMessage ?? undefined) : undefined,
        errorStack: status === 'failed' ? (row.errorStack ?? undefined) : undefined,
      });
    }
    return results;
  }

  /**
   * Deletes a task's finished runs beyond the newest `keep` and those that
   * ended before `olderThan`, at most `batchSize` rows per call. The newest
   * finished run is always kept, since it is the task's last result. Returns
   * how many were deleted, so a caller can repeat until it gets 0.
   */
  async pruneHistory(taskId: string, keep: number, olderThan: number, batchSize: number): Promise<number> {
    const boundary = await this.historyBoundary(taskId, keep, olderThan);
    if (boundary === undefined) return 0;
    return (await this.deleteRunsBefore(taskId, boundary, batchSize)).deleted;
  }

  /**
   * Finds the oldest finished run a task keeps under the history limits:
   * every finished run that ended before it (by end time, then id) may be
   * deleted. Returns undefined when the task has nothing to delete.
   */
  async historyBoundary(taskId: string, keep: number, olderThan: number): Promise<RunPosition | undefined> {
    const limit = Math.max(1, keep);
    // One row past the limit shows whether anything lies beyond it.
    const newest = await this.db.run.findMany({
      where: { taskId, endedAt: { not: null } },
      orderBy: [{ endedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      select: { id: true, endedAt: true },
    });
    // Newest first, so the runs past the age limit form the tail; the first one is the last result and stays.
    const firstTooOld = newest.findIndex((run, index) => index > 0 && (run.endedAt as Date).getTime() < olderThan);
    const firstDeleted = firstTooOld > 0 ? Math.min(firstTooOld, limit) : limit;
    if (firstDeleted >= newest.length) return undefined;
    return toPosition(newest[firstDeleted - 1] as { id: string; endedAt: Date | null });
  }

  /**
   * Deletes up to `batchSize` of a task's finished runs that ended before
   * `before`, newest first. Returns how many were deleted and the position
   * of the oldest one, from which the next batch goes on. Starting each
   * batch there, instead of at the boundary, keeps PostgreSQL from walking
   * the index entries of rows deleted by earlier batches again.
   */
  async deleteRunsBefore(
    taskId: string,
    before: RunPosition,
    batchSize: number,
  ): Promise<{ deleted: number; next?: RunPosition }> {
    const endedAt = new Date(before.endedAt);
    const batch = await this.db.run.findMany({
      where: {
        taskId,
        // The plain upper bound lets the (taskId, endedAt) index narrow the range; the OR breaks ties by id.
        endedAt: { not: null, lte: endedAt },
        OR: [{ endedAt: { lt: endedAt } }, { endedAt, id: { lt: before.id } }],
      },
      orderBy: [{ endedAt: 'desc' }, { id: 'desc' }],
      take: batchSize,
      select: { id: true, endedAt: true },
    });
    if (batch.length === 0) return { deleted: 0 };
    const result = await this.db.run.deleteMany({ where: { id: { in: batch.map((run) => run.id) } } });
    return { deleted: result.count, next: toPosition(batch.at(-1) as { id: string; endedAt: Date | null }) };
  }
}

function toPosition(run: { id: string; endedAt: Date | null }): RunPosition {
  return { id: run.id, endedAt: (run.endedAt as Date).getTime() };
}

/** SQLite raw queries return DATETIME columns as numbers or strings. */
function toEpoch(value: Date | string | number): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const asNumber = Number(value);
  return Number.isNaN(asNumber) ? new Date(value).getTime() : asNumber;
}
