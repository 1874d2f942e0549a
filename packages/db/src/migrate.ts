import { readFileSync } from 'node:fs';

import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import { createAdapterFactory } from './adapters.ts';
import { readMigrationList, schemaFile } from './migration-files.ts';
import type { DatabaseTarget } from './provider.ts';
import { noSchemaFilter, openSchemaEngine } from './schema-engine.ts';

/**
 * Applies every committed migration that the database has not seen yet and
 * returns their names. Idempotent: Prisma's _prisma_migrations table records
 * what was applied, so a second call applies nothing.
 */
export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  const schemaPath = schemaFile(target.provider);
  const { factory, disposeConnections } = trackConnections(createAdapterFactory(target));
  const engine = await openSchemaEngine(schemaPath, readFileSync(schemaPath, 'utf8'), factory);
  try {
    const result = await engine.applyMigrations({
      migrationsList: readMigrationList(target.provider),
      filters: noSchemaFilter,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
    // Freeing the engine leaves its connections open. On PostgreSQL an open
    // one keeps Prisma's migration advisory lock, so the next migration run
    // would wait 10 s for it. On SQLite it would keep its exclusive lock mode.
    await disposeConnections();
  }
}

/** Wraps an adapter factory so that every connection it opens can be closed afterwards. */
function trackConnections(inner: SqlMigrationAwareDriverAdapterFactory) {
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = Object.create(inner);
  factory.connect = async () => {
    const adapter = await inner.connect();
    opened.push(adapter);
    return adapter;
  };
  factory.connectToShadowDb = async () => {
    const adapter = await inner.connectToShadowDb();
    opened.push(adapter);
    return adapter;
  };
  return {
    factory,
    disposeConnections: async () => {
      await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    },
  };
}
