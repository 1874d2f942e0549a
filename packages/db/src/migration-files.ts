import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { DatabaseProvider } from './provider.ts';

/** The repository's prisma/ folder: schemas and one migrations folder per provider. */
export const prismaRoot = fileURLToPath(new URL('../../../prisma/', import.meta.url));

export function providerFolder(provider: DatabaseProvider): string {
  return path.join(prismaRoot, provider === 'sqlite' ? 'sqlite' : 'postgres');
}

export function migrationsFolder(provider: DatabaseProvider): string {
  return path.join(providerFolder(provider), 'migrations');
}

export function schemaFile(provider: DatabaseProvider): string {
  return path.join(providerFolder(provider), 'schema.prisma');
}

/** The list of committed migrations in the shape the schema engine expects. */
export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: Array<{
    path: string;
    migrationFile: { path: string; content: { tag: 'ok'; value: string } | { tag: 'error'; value: string } };
  }>;
}

/** Reads prisma/<provider>/migrations into a MigrationList, oldest first. */
export function readMigrationList(provider: DatabaseProvider): MigrationList {
  const baseDir = migrationsFolder(provider);
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  const directories = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];

  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((name) => {
      const file = path.join(baseDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok', value: readFileSync(file, 'utf8') }
            : { tag: 'error', value: `missing ${file}` },
        },
      };
    }),
  };
}
