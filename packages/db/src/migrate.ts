import { readFileSync } from 'node:fs';

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
  const engine = await openSchemaEngine(schemaPath, readFileSync(schemaPath, 'utf8'), createAdapterFactory(target));
  try {
    const result = await engine.applyMigrations({
      migrationsList: readMigrationList(target.provider),
      filters: noSchemaFilter,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}
