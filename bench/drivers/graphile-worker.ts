/**
 * Measures graphile-worker, a peer of Tickwork, with the scenarios closest to
 * Tickwork's drivers: crontab items firing at minute boundaries (fire
 * precision) and a burst of added no-op jobs (throughput). Each call creates
 * its own database `bench_peers_<random>` on the PostgreSQL server at
 * 127.0.0.1:5432, runs graphile-worker's migrations there, and drops it at the
 * end, also when the measurement fails.
 *
 * The runner and its job bodies run in this process, so the job body's start
 * is read with the same `preciseNow()` clock as every other system.
 */
import { randomBytes } from 'node:crypto';

import { Logger, makeWorkerUtils, parseCronItems, run, runMigrations } from 'graphile-worker';
import type { Runner, Task, WorkerUtils } from 'graphile-worker';
import pg from 'pg';

import { preciseNow } from '../stats.ts';
import { assertWholeNumber, FireTally, sleep, waitFor } from './fire-tally.ts';
import type { ScheduledFire } from './fire-tally.ts';
import type { FireResult, ThroughputResult, ThroughputScenario } from './types.ts';

export interface DriverOptions {
  log(message: string): void;
}

/** The server's maintenance database, where databases are created and dropped (trust auth, user postgres). */
const ADMIN_CONNECTION = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' } as const;

/**
 * Jobs the runner works on at once, in the cron and the throughput scenario.
 * graphile-worker's default is 1.
 */
export const WORKER_CONCURRENCY = 24;

/**
 * Connections in the runner's pool: graphile-worker advises `concurrency + 2`
 * (its default of 10 would make the workers queue for connections).
 */
const RUNNER_POOL_SIZE = WORKER_CONCURRENCY + 2;

/** Connections of the producer's pool that adds the jobs: graphile-worker's default pool size. */
const PRODUCER_POOL_SIZE = 10;

/** Time from the runner's start to the first minute boundary that is counted. */
const MIN_LEAD_MS = 5_000;

/**
 * How long after the last counted boundary a due fire may still start before
 * it counts as missed. It ends before the next boundary's burst begins.
 */
const LATE_FIRE_GRACE_MS = 30_000;

/** How long a throughput run may take before the driver gives up: 60 s plus 10 ms per job. */
const THROUGHPUT_TIMEOUT_MS = { base: 60_000, perRun: 10 } as const;

const ONE_MINUTE_MS = 60_000;

/**
 * `tasks` crontab items, each its own task identifier and cron identifier,
 * all on `* * * * *`, counted over `minutes` minute boundaries.
 *
 * graphile-worker's cron has minute granularity: every item fires at the same
 * boundary, so each boundary is a burst of `tasks` jobs at once. Tickwork and
 * BullMQ spread their phases evenly over the interval instead. The lateness
 * here therefore includes waiting behind the rest of the burst.
 *
 * Scheduled instant: the cron loop adds each job with the payload
 * `_cron: { ts, backfilled }`, where `ts` is the boundary as an ISO string
 * (graphile-worker's `makeJobForItem`, `src/cron.ts`), and sets `run_at` to the
 * same instant. Lateness is the body's start minus `ts`.
 */
export async function measureGraphileCronFires(
  scenario: { tasks: number; minutes: number },
  options: DriverOptions,
): Promise<FireResult> {
  const { tasks, minutes } = scenario;
  assertWholeNumber('tasks', tasks, 1);
  assertWholeNumber('minutes', minutes, 1);
  const taskNames = Array.from({ length: tasks }, (_, index) => `tick_${index}`);

  return withDatabase(options, async (database) => {
    let tally: FireTally | undefined;
    const tick: Task = (payload, helpers) => {
      const startedAt = preciseNow();
      const ts = (payload as { _cron?: { ts?: string } } | null)?._cron?.ts;
      if (ts === undefined) throw new Error(`missing _cron.ts in the payload of job ${helpers.job.id}`);
      tally?.recordStart({ task: helpers.job.task_identifier, instant: Date.parse(ts) }, startedAt);
    };

    const logger = loggerFor(options);
    const pgPool = database.openPool(RUNNER_POOL_SIZE);
    await runMigrations({ pgPool, logger });
    const runner = await run({
      pgPool,
      concurrency: WORKER_CONCURRENCY,
      noHandleSignals: true,
      logger,
      taskList: Object.fromEntries(taskNames.map((name) => [name, tick])),
      parsedCronItems: parseCronItems(
        taskNames.map((name) => ({ task: name, identifier: name, match: '* * * * *', options: { backfillPeriod: 0 } })),
      ),
    });

    try {
      const firstBoundary = Math.ceil((Date.now() + MIN_LEAD_MS) / ONE_MINUTE_MS) * ONE_MINUTE_MS;
      const windowEnd = firstBoundary + minutes * ONE_MINUTE_MS;
      const expected: ScheduledFire[] = [];
      for (let boundary = firstBoundary; boundary < windowEnd; boundary += ONE_MINUTE_MS) {
        for (const task of taskNames) expected.push({ task, instant: boundary });
      }
      const counted = new FireTally(firstBoundary, windowEnd, expected);
      tally = counted;
      options.log(
        `graphile-worker: ${tasks} crontab items, counting ${minutes} boundaries from ${new Date(firstBoundary).toISOString()}`,
      );

      const lastBoundary = windowEnd - ONE_MINUTE_MS;
      await sleep(lastBoundary - Date.now());
      const allStarted = await waitFor(() => counted.pending() === 0, LATE_FIRE_GRACE_MS);
      if (!allStarted) {
        options.log(`graphile-worker: ${counted.pending()} fires not started ${LATE_FIRE_GRACE_MS} ms after the last boundary`);
      }
      if (counted.unexpected() > 0) options.log(`graphile-worker: ${counted.unexpected()} bodies for unexpected instants`);

      return counted.result();
    } finally {
      await runner.stop();
    }
  });
}

/**
 * Adds `runs` no-op jobs, one `addJob` call each, all issued at once from a
 * WorkerUtils with its own pool (as a producer process would), and times from
 * the first add until the runner reports the last job complete. graphile-worker
 * deletes a job when it completes, and the driver checks afterwards that no job
 * row is left.
 */
export async function measureGraphileThroughput(
  scenario: ThroughputScenario,
  options: DriverOptions,
): Promise<ThroughputResult> {
  const { runs } = scenario;
  assertWholeNumber('runs', runs, 1);

  return withDatabase(options, async (database) => {
    const logger = loggerFor(options);
    const runnerPool = database.openPool(RUNNER_POOL_SIZE);
    await runMigrations({ pgPool: runnerPool, logger });

    let utils: WorkerUtils | undefined;
    let runner: Runner | undefined;
    try {
      utils = await makeWorkerUtils({ pgPool: database.openPool(PRODUCER_POOL_SIZE), logger });
      runner = await run({
        pgPool: runnerPool,
        concurrency: WORKER_CONCURRENCY,
        noHandleSignals: true,
        logger,
        taskList: { noop: async () => undefined },
        parsedCronItems: [],
      });

      let completed = 0;
      let failed = 0;
      let lastCompletedAt = Number.NaN;
      runner.events.on('job:complete', ({ error }) => {
        if (error === undefined || error === null) {
          completed += 1;
          lastCompletedAt = preciseNow();
        } else {
          failed += 1;
          options.log(`graphile-worker: job failed: ${String(error)}`);
        }
      });
      options.log(`graphile-worker: adding ${runs} jobs`);

      const producer = utils;
      const startedAt = preciseNow();
      await Promise.all(Array.from({ length: runs }, (_, index) => producer.addJob('noop', { index })));

      const timeoutMs = THROUGHPUT_TIMEOUT_MS.base + THROUGHPUT_TIMEOUT_MS.perRun * runs;
      const finished = await waitFor(() => completed + failed >= runs, timeoutMs, 5);
      if (!finished) options.log(`graphile-worker: timed out after ${timeoutMs} ms with ${completed} of ${runs} jobs complete`);
      await expectNoJobsLeft(producer, options);

      const seconds = (lastCompletedAt - startedAt) / 1000;
      return { completed, seconds, runsPerSecond: completed / seconds };
    } finally {
      await runner?.stop();
      await utils?.release();
    }
  });
}

/** Logs graphile-worker's warnings and errors through the driver's log; its per-job info lines are dropped. */
function loggerFor(options: DriverOptions): Logger {
  return new Logger(() => (level, message) => {
    const name = String(level);
    if (name === 'error' || name === 'warning') options.log(`graphile-worker ${name}: ${message}`);
  });
}

/** Waits up to 5 s for the jobs table to empty, because a job is reported complete before its row is deleted. */
async function expectNoJobsLeft(utils: WorkerUtils, options: DriverOptions): Promise<void> {
  const count = async () => {
    const { rows } = await utils.withPgClient((client) =>
      client.query<{ count: string }>('select count(*) from graphile_worker._private_jobs'),
    );
    return Number(rows[0]?.count ?? Number.NaN);
  };
  let left = await count();
  for (let attempt = 0; left > 0 && attempt < 50; attempt += 1) {
    await sleep(100);
    left = await count();
  }
  if (left !== 0) options.log(`graphile-worker: ${left} job rows are left after the run`);
}

interface Database {
  /**
   * A pool on the database, ended (and awaited) before the database is
   * dropped. The driver passes its own pools to graphile-worker because the
   * pools graphile-worker creates are ended without being awaited, and
   * dropping the database then fails their closing connections with no error
   * handler left, which ends the process.
   */
  openPool(max: number): pg.Pool;
}

/**
 * Creates a database `bench_peers_<random>`, hands it to `use`, then ends
 * every pool opened on it and drops it (with `FORCE`, so a connection left
 * open cannot keep it), whether `use` succeeded or not.
 */
async function withDatabase<T>(options: DriverOptions, use: (database: Database) => Promise<T>): Promise<T> {
  const name = `bench_peers_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  options.log(`graphile-worker: created database ${name}`);

  const { host, port, user } = ADMIN_CONNECTION;
  const connectionString = `postgres://${user}@${host}:${port}/${name}`;
  const pools: pg.Pool[] = [];
  const logError = (error: Error) => options.log(`graphile-worker: connection error: ${error.message}`);
  const database: Database = {
    openPool(max) {
      const pool = new pg.Pool({ connectionString, max });
      pool.on('error', logError);
      pool.on('connect', (client) => client.on('error', logError));
      pools.push(pool);
      return pool;
    },
  };

  try {
    return await use(database);
  } finally {
    for (const pool of pools) {
      try {
        await pool.end();
      } catch (error) {
        options.log(`graphile-worker: failed to end a pool: ${messageOf(error)}`);
      }
    }
    try {
      await waitForNoConnections(name, options);
      await adminQuery(`drop database if exists "${name}" with (force)`);
    } catch (error) {
      options.log(`graphile-worker: failed to drop database ${name}: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Waits up to 5 s for the server to close every connection to a database. A
 * pool's `end()` resolves once it has asked its connections to close, not once
 * they are closed, and dropping the database in between fails them with
 * "terminating connection due to administrator command".
 */
async function waitForNoConnections(name: string, options: DriverOptions): Promise<void> {
  let open = Number.NaN;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const rows = await adminQuery<{ open: number }>(
      'select count(*)::int as open from pg_stat_activity where datname = $1',
      [name],
    );
    open = rows[0]?.open ?? 0;
    if (open === 0) return;
    await sleep(50);
  }
  options.log(`graphile-worker: ${open} connections to ${name} still open 5 s after their pools ended`);
}

async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client(ADMIN_CONNECTION);
  await client.connect();
  try {
    const { rows } = await client.query<Row>(sql, values);
    return rows;
  } finally {
    await client.end();
  }
}
