import { statSync } from 'node:fs';

import { createClient } from '@libsql/client';
import type { Client as LibsqlClient } from '@libsql/client';
import pg from 'pg';

/** A task as the fill needs it: the Run table repeats its key and name. */
export interface FillTask {
  id: string;
  key: string;
  name: string;
}

/**
 * Direct access to the server's database from the benchmark process, through
 * the same driver the server uses but without Prisma: filling the Run table,
 * the bare-SQL baseline query, query plans and sizes.
 */
export interface HistoryDatabase {
  readonly provider: 'sqlite' | 'postgresql';
  /** Inserts `count` finished runs, spread evenly over the tasks, in one statement. */
  fill(tasks: FillTask[], count: number, spanMs: number, now: number): Promise<void>;
  /** The first page of a task's runs as bare SQL, newest first: the query behind `runs.list`. */
  firstPage(taskId: string, limit: number): Promise<number>;
  /** The id of the run at a position of a task's history, newest first. */
  runIdAt(taskId: string, position: number): Promise<string>;
  /** The plan of the first-page query, one line per step. */
  explainFirstPage(taskId: string, limit: number): Promise<string[]>;
  /** Runs in the table, or of one task. */
  countRuns(taskId?: string): Promise<number>;
  /** Bytes on disk: the SQLite file and its WAL, or PostgreSQL's total size of the Run table with its indexes. */
  sizeBytes(): Promise<number>;
  /** Describes the parts of the size for the report: the SQLite file and WAL apart, or the table and its indexes. */
  describeSize(): Promise<string>;
  close(): Promise<void>;
}

/** Status and timing of the generated runs, by SQL expression over the per-task sequence number k. */
const STATUS_OF_K = (k: string) =>
  `CASE WHEN (${k} * 37) % 100 < 90 THEN 'Completed' WHEN (${k} * 37) % 100 < 96 THEN 'Failed' ` +
  `WHEN (${k} * 37) % 100 < 99 THEN 'Cancelled' ELSE 'Aborted' END`;

/** A stack of typical length, stored with every failed run. */
const ERROR_STACK =
  'Error: the bench task failed\n    at execute (file:///data/plugins/bench.mjs:12:11)\n' +
  '    at RunManager.execute (packages/engine/src/run-manager.ts:301:9)\n    at async Promise.all (index 0)';

const FIRST_PAGE_COLUMNS = '*';

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export class SqliteHistoryDatabase implements HistoryDatabase {
  readonly provider = 'sqlite';
  readonly #client: LibsqlClient;

  constructor(private readonly file: string) {
    this.#client = createClient({ url: `file:${file}` });
  }

  async fill(tasks: FillTask[], count: number, spanMs: number, now: number): Promise<void> {
    const taskRows = tasks.map((_, index) => `(${index}, ?, ?, ?)`).join(', ');
    const taskCount = tasks.length;
    // n runs from 0 (oldest) to count - 1 (newest); task n % T, per-task sequence k = n / T.
    const startMs = `(${now} - (${count} - n) * ${spanMs / count})`;
    const endMs = `(${startMs} + 1000 + (n % 60000))`;
    const iso = (ms: string) => `strftime('%Y-%m-%dT%H:%M:%f', ${ms} / 1000.0, 'unixepoch') || '+00:00'`;
    const status = STATUS_OF_K(`(n / ${taskCount})`);
    await this.#client.execute('PRAGMA synchronous = OFF');
    await this.#client.execute({
      sql: `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count - 1}),
                 tasks(idx, id, key, name) AS (VALUES ${taskRows}),
                 runs AS (SELECT n, t.id AS taskId, t.key AS taskKey, t.name AS taskName, ${status} AS status
                            FROM seq JOIN tasks t ON t.idx = n % ${taskCount})
            INSERT INTO "Run" ("id", "taskId", "taskKey", "taskName", "origin", "triggerIndex", "triggerType", "node",
                               "status", "cancelReason", "startedAt", "endedAt", "heartbeatAt", "progress",
                               "errorMessage", "errorStack", "logLineCount")
            SELECT printf('%08x-0000-4000-8000-%012x', n, n), taskId, taskKey, taskName, 'trigger', 0, 'interval', 'bench',
                   status, CASE status WHEN 'Cancelled' THEN 'user' WHEN 'Aborted' THEN 'crash' END,
                   ${iso(startMs)}, ${iso(endMs)}, ${iso(endMs)}, 100,
                   CASE status WHEN 'Failed' THEN 'the bench task failed (run ' || n || ')' END,
                   CASE status WHEN 'Failed' THEN ? END, 0
              FROM runs`,
      args: [...tasks.flatMap((task) => [task.id, task.key, task.name]), ERROR_STACK],
    });
    await this.#client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  async firstPage(taskId: string, limit: number): Promise<number> {
    const result = await this.#client.execute({
      sql: `SELECT ${FIRST_PAGE_COLUMNS} FROM "Run" WHERE "taskId" = ? ORDER BY "startedAt" DESC, "id" DESC LIMIT ?`,
      args: [taskId, limit + 1],
    });
    return result.rows.length;
  }

  async runIdAt(taskId: string, position: number): Promise<string> {
    const result = await this.#client.execute({
      sql: 'SELECT "id" FROM "Run" WHERE "taskId" = ? ORDER BY "startedAt" DESC, "id" DESC LIMIT 1 OFFSET ?',
      args: [taskId, position],
    });
    return String(result.rows[0]?.id);
  }

  async explainFirstPage(taskId: string, limit: number): Promise<string[]> {
    const result = await this.#client.execute({
      sql: `EXPLAIN QUERY PLAN SELECT ${FIRST_PAGE_COLUMNS} FROM "Run" WHERE "taskId" = ? ORDER BY "startedAt" DESC, "id" DESC LIMIT ?`,
      args: [taskId, limit + 1],
    });
    return result.rows.map((row) => String(row.detail));
  }

  async countRuns(taskId?: string): Promise<number> {
    const result =
      taskId === undefined
        ? await this.#client.execute('SELECT count(*) AS runs FROM "Run"')
        : await this.#client.execute({ sql: 'SELECT count(*) AS runs FROM "Run" WHERE "taskId" = ?', args: [taskId] });
    return Number(result.rows[0]?.runs);
  }

  async sizeBytes(): Promise<number> {
    return fileSize(this.file) + fileSize(`${this.file}-wal`);
  }

  async describeSize(): Promise<string> {
    const pages = await this.#client.execute('SELECT * FROM pragma_page_count, pragma_freelist_count, pragma_page_size');
    const row = pages.rows[0];
    const free = Number(row?.freelist_count) * Number(row?.page_size);
    return `file ${mib(fileSize(this.file))} MiB (${mib(free)} MiB of it free pages) + WAL ${mib(fileSize(`${this.file}-wal`))} MiB`;
  }

  async close(): Promise<void> {
    this.#client.close();
  }
}

export class PostgresHistoryDatabase implements HistoryDatabase {
  readonly provider = 'postgresql';
  readonly #pool: pg.Pool;

  constructor(url: string) {
    this.#pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  async fill(tasks: FillTask[], count: number, spanMs: number, now: number): Promise<void> {
    const taskCount = tasks.length;
    const startMs = `(${now} - (${count} - n) * ${spanMs / count}::double precision)`;
    const endMs = `(${startMs} + 1000 + (n % 60000))`;
    const timestamp = (ms: string) => `(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC')`;
    const status = STATUS_OF_K(`(n / ${taskCount})`);
    await this.#pool.query(
      `WITH tasks AS (SELECT (ordinality - 1)::int AS idx, id, key, name
                        FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(id, key, name)),
            runs AS (SELECT n, t.id AS "taskId", t.key AS "taskKey", t.name AS "taskName", ${status} AS status
                       FROM generate_series(0, ${count - 1}) AS n JOIN tasks t ON t.idx = n % ${taskCount})
       INSERT INTO "Run" ("id", "taskId", "taskKey", "taskName", "origin", "triggerIndex", "triggerType", "node",
                          "status", "cancelReason", "startedAt", "endedAt", "heartbeatAt", "progress",
                          "errorMessage", "errorStack", "logLineCount")
       SELECT lpad(to_hex(n), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), "taskId", "taskKey", "taskName",
              'trigger', 0, 'interval', 'bench', status,
              CASE status WHEN 'Cancelled' THEN 'user' WHEN 'Aborted' THEN 'crash' END,
              ${timestamp(startMs)}, ${timestamp(endMs)}, ${timestamp(endMs)}, 100,
              CASE status WHEN 'Failed' THEN 'the bench task failed (run ' || n || ')' END,
              CASE status WHEN 'Failed' THEN $4 END, 0
         FROM runs`,
      [tasks.map((task) => task.id), tasks.map((task) => task.key), tasks.map((task) => task.name), ERROR_STACK],
    );
    await this.#pool.query('ANALYZE "Run"');
  }

  async firstPage(taskId: string, limit: number): Promise<number> {
    const result = await this.#pool.query(
      `SELECT ${FIRST_PAGE_COLUMNS} FROM "Run" WHERE "taskId" = $1 ORDER BY "startedAt" DESC, "id" DESC LIMIT $2`,
      [taskId, limit + 1],
    );
    return result.rows.length;
  }

  async runIdAt(taskId: string, position: number): Promise<string> {
    const result = await this.#pool.query<{ id: string }>(
      'SELECT "id" FROM "Run" WHERE "taskId" = $1 ORDER BY "startedAt" DESC, "id" DESC LIMIT 1 OFFSET $2',
      [taskId, position],
    );
    return String(result.rows[0]?.id);
  }

  async explainFirstPage(taskId: string, limit: number): Promise<string[]> {
    const result = await this.#pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT ${FIRST_PAGE_COLUMNS} FROM "Run" WHERE "taskId" = $1 ORDER BY "startedAt" DESC, "id" DESC LIMIT $2`,
      [taskId, limit + 1],
    );
    return result.rows.map((row) => row['QUERY PLAN']);
  }

  async countRuns(taskId?: string): Promise<number> {
    const result =
      taskId === undefined
        ? await this.#pool.query<{ runs: string }>('SELECT count(*) AS runs FROM "Run"')
        : await this.#pool.query<{ runs: string }>('SELECT count(*) AS runs FROM "Run" WHERE "taskId" = $1', [taskId]);
    return Number(result.rows[0]?.runs);
  }

  async sizeBytes(): Promise<number> {
    const result = await this.#pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('"Run"') AS bytes`);
    return Number(result.rows[0]?.bytes);
  }

  async describeSize(): Promise<string> {
    const result = await this.#pool.query<{ table: string; indexes: string }>(
      `SELECT pg_table_size('"Run"') AS table, pg_indexes_size('"Run"') AS indexes`,
    );
    const row = result.rows[0];
    return `table ${mib(Number(row?.table))} MiB + indexes ${mib(Number(row?.indexes))} MiB`;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
