import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import { OneConnectionLibSql } from './libsql-one-connection.ts';
import type { DatabaseTarget } from './provider.ts';

/** Creates the Prisma driver-adapter factory for a database target. */
export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.provider === 'sqlite') {
    return new OneConnectionLibSql({ url: target.url });
  }
  return new PrismaPg({ connectionString: target.url });
}
