import { readFileSync } from 'node:fs';

import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import { createAdapterFactory } from './adapters.ts';
import { readMigrationList, schemaFile } from './migration-files.ts';
import type { DatabaseTarget } from './provider.ts';
import { noSchemaFilter, openSchemaEngine } from './schema-engine.ts';

/**
 * Applies every committed migration that the database has not seen yet and
 * returns their names. Idempotent: Prisma's _prisma_migrations table records
 * what was applied, so a second call applies nothing. When that table shows
 * every migration applied, the schema engine is not loaded at all: its
 * WebAssembly module added about 35 MB to the resident set of a process that
 * opened a SQLite database (measured with process.memoryUsage()).
 */
export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  const migrationList = readMigrationList(target.provider);
  const pending = await pendingMigrations(target, migrationList);
  if (pending !== undefined && pending.length === 0) return [];

  const schemaPath = schemaFile(target.provider);
  const { factory, disposeConnections } = trackConnections(createAdapterFactory(target));
  const engine = await openSchemaEngine(schemaPath, readFileSync(schemaPath, 'utf8'), factory);
  try {
    const result = await engine.applyMigrations({
      migrationsList: migrationList,
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

/**
 * Returns the committed migrations that _prisma_migrations does not record as
 * applied, read with one query and without the schema engine. Returns
 * undefined when the table cannot be read (a new database) or records a
 * failed migration, because then only the schema engine can decide.
 */
export async function pendingMigrations(target: DatabaseTarget, migrationList = readMigrationList(target.provider)): Promise<string[] | undefined> {
  const adapter = await createAdapterFactory(target).connect();
  try {
    const result = await adapter.queryRaw({
      sql: 'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations',
      args: [],
      argTypes: [],
    });
    const applied = new Set<string>();
    for (const [name, finishedAt, rolledBackAt] of result.rows) {
      if (rolledBackAt !== null) continue;
      if (finishedAt === null) return undefined;
      applied.add(String(name));
    }
    return migrationList.migrationDirectories.map((directory) => directory.path).filter((name) => !applied.has(name));
  } catch {
    return undefined;
  } finally {
    await adapter.dispose();
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
