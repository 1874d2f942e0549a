import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import type { DatabaseTarget } from './provider.ts';

/** Creates the Prisma driver-adapter factory for a database target. */
export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.provider === 'sqlite') {
    return new PrismaLibSql({ url: target.url });
  }
  return new PrismaPg({ connectionString: target.url });
}
