import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import { OneConnectionLibSql } from './libsql-one-connection.ts';
import type { DatabaseTarget } from './provider.ts';

/**
 * PostgreSQL ends a transaction of Tickwork's that waits this long between
 * statements. A node that stalls (paused, swapped out) inside a transaction
 * would otherwise keep its row locks, and the other nodes' writes to those
 * rows, such as closing the stalled node's expired runs, would wait for it.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

/** Creates the Prisma driver-adapter factory for a database target. */
export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.provider === 'sqlite') {
    return new OneConnectionLibSql({ url: target.url });
  }
  return new PrismaPg({ connectionString: target.url, options: `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_TIMEOUT_MS}` });
}
