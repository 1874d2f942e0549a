import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { PrismaClient as PostgresPrismaClient } from '../generated/postgres/client.ts';
import { PrismaClient } from '../generated/sqlite/client.ts';
import { createAdapterFactory } from './adapters.ts';
import { applyMigrations } from './migrate.ts';
import { acquireProcessLock } from './process-lock.ts';
import type { ProcessLock } from './process-lock.ts';
import { resolveDatabaseTarget } from './provider.ts';
import type { DatabaseProvider, DatabaseTarget } from './provider.ts';

export { PrismaClient };

/**
 * The one client type the rest of the code uses. Both generated clients come
 * from the same models, so the PostgreSQL client has the same shape.
 */
export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  provider: DatabaseProvider;
  target: DatabaseTarget;
  /** Number of SQL statements sent since the database was opened. */
  queryCount(): number;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url: string;
  /** Folder that relative SQLite paths resolve against. */
  baseDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Called once per SQL statement, for metrics. */
  onQuery?: (durationMs: number) => void;
  /**
   * For a SQLite file, reject opening it while another live server has it
   * open. Default false, because the CLI shares the file with a running server.
   */
  exclusiveProcess?: boolean;
  /**
   * SQLite's `synchronous` setting. `full` (the default) syncs the log to
   * disk at every commit, so a power failure loses nothing committed.
   * `normal` syncs only at checkpoints: commits cost far less, a crashed or
   * killed process still loses nothing, but a power failure or operating
   * system crash may roll back the last commits. Ignored for PostgreSQL.
   */
  sqliteSynchronous?: 'full' | 'normal';
  /**
   * How long a SQLite statement waits for another process's write lock
   * before it fails as busy. Default 0: the server replies 503 at once
   * instead of blocking. The CLI, which shares the file with a running
   * server, waits.
   */
  sqliteBusyTimeoutMs?: number;
}

/**
 * Opens the database named by a DATABASE_URL: applies pending migrations,
 * then connects a Prisma client through the provider's driver adapter.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = resolveDatabaseTarget(options.url, options.baseDir);
  let lock: ProcessLock | undefined;
  if (target.sqliteFile) {
    mkdirSync(path.dirname(target.sqliteFile), { recursive: true });
    if (options.exclusiveProcess === true) lock = acquireProcessLock(target.sqliteFile);
  }

  try {
    if (options.migrate !== false) await applyMigrations(target);
  } catch (error) {
    lock?.release();
    throw error;
  }

  const adapter = createAdapterFactory(target);
  const log = [{ emit: 'event' as const, level: 'query' as const }];
  const prisma =
    target.provider === 'sqlite'
      ? new PrismaClient({ adapter, log })
      : (new PostgresPrismaClient({ adapter, log }) as unknown as PrismaClient);

  let queries = 0;
  prisma.$on('query' as never, (event: { duration: number }) => {
    queries += 1;
    options.onQuery?.(event.duration);
  });

  if (target.provider === 'sqlite') {
    await configureSqlite(prisma, options.sqliteSynchronous ?? 'full', options.sqliteBusyTimeoutMs ?? 0);
  }

  return {
    prisma,
    provider: target.provider,
    target,
    queryCount: () => queries,
    close: async () => {
      await prisma.$disconnect();
      lock?.release();
    },
  };
}

/**
 * WAL lets readers work while a run is being recorded. It is stored in the
 * database file, so it holds for every connection. `synchronous` belongs to
 * the connection; it lasts because the adapter runs every statement and
 * transaction on the libsql client's one connection. Within one process the
 * adapter serialises all statements, so no busy timeout is needed there.
 */
async function configureSqlite(prisma: Db, synchronous: 'full' | 'normal', busyTimeoutMs: number): Promise<void> {
  if (busyTimeoutMs > 0) await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${Math.round(busyTimeoutMs)}`);
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$queryRawUnsafe(`PRAGMA synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
}
