// Maintains the Prisma schemas and migrations for both providers.
//
//   tsx scripts/migration.ts compose        write prisma/{sqlite,postgres}/schema.prisma from models.prisma
//   tsx scripts/migration.ts new <name>     compose, then write a new migration for each provider
//
// A new migration is the difference between the schema snapshot kept with the
// newest committed migration (its folder's schema.prisma) and the current
// schema, so no database is needed. The schema engine cannot introspect a
// live PostgreSQL database from WebAssembly, which rules out diffing against one.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { createAdapterFactory } from '../src/adapters.ts';
import { migrationsFolder, schemaFile } from '../src/migration-files.ts';
import type { DatabaseProvider, DatabaseTarget } from '../src/provider.ts';
import { composeSchema } from '../src/schema-compose.ts';
import { noSchemaFilter, openSchemaEngine } from '../src/schema-engine.ts';

const providers: DatabaseProvider[] = ['sqlite', 'postgresql'];

function compose(): void {
  for (const provider of providers) {
    writeFileSync(schemaFile(provider), composeSchema(provider));
    console.log(`wrote ${schemaFile(provider)}`);
  }
}

function latestSnapshot(provider: DatabaseProvider): string | undefined {
  const folder = migrationsFolder(provider);
  if (!existsSync(folder)) return undefined;
  const latest = readdirSync(folder)
    .filter((entry) => /^\d{4}_/.test(entry))
    .sort()
    .at(-1);
  return latest === undefined ? undefined : readFileSync(path.join(folder, latest, 'schema.prisma'), 'utf8');
}

async function diffAgainstCommitted(provider: DatabaseProvider, schema: string): Promise<string> {
  const target: DatabaseTarget =
    provider === 'sqlite'
      ? { provider, url: 'file::memory:' }
      : { provider, url: 'postgresql://postgres@127.0.0.1:5432/postgres' };
  const engine = await openSchemaEngine(schemaFile(provider), schema, createAdapterFactory(target));
  try {
    const previous = latestSnapshot(provider);
    const result = await engine.diff({
      from: previous === undefined ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'previous.prisma', content: previous }] },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaFile(provider), content: schema }] },
      script: true,
      exitCode: null,
      filters: noSchemaFilter,
    });
    return result.stdout ?? '';
  } finally {
    engine.free();
  }
}

async function newMigration(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`Invalid migration name "${name}": use lower-case letters, digits and underscores.`);
  }
  compose();

  for (const provider of providers) {
    const schema = composeSchema(provider);
    const script = await diffAgainstCommitted(provider, schema);
    if (!/\b(CREATE|ALTER|DROP)\b/.test(script)) {
      console.log(`${provider}: the schema matches the committed migrations; nothing to write`);
      continue;
    }

    const folder = migrationsFolder(provider);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'migration_lock.toml'), `provider = "${provider}"\n`);
    const existing = readdirSync(folder).filter((entry) => /^\d{4}_/.test(entry)).length;
    const directory = path.join(folder, `${String(existing + 1).padStart(4, '0')}_${name}`);
    mkdirSync(directory);
    writeFileSync(path.join(directory, 'migration.sql'), script);
    writeFileSync(path.join(directory, 'schema.prisma'), schema);
    console.log(`wrote ${directory}/migration.sql`);
  }
}

const [command, argument] = process.argv.slice(2);
if (command === 'compose') {
  compose();
} else if (command === 'new' && argument) {
  await newMigration(argument);
} else {
  console.error('usage: migration.ts compose | new <name>');
  process.exit(2);
}
