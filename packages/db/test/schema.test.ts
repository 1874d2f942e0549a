import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { applyMigrations, pendingMigrations } from '../src/migrate.ts';
import { schemaFile } from '../src/migration-files.ts';
import { composeSchema } from '../src/schema-compose.ts';
import { openDatabase } from '../src/client.ts';
import { resolveDatabaseTarget } from '../src/provider.ts';
import { createTestDatabase } from '../src/testing/test-database.ts';

const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('provider schemas', () => {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    it(`${provider} schema matches prisma/models.prisma`, () => {
      expect(readFileSync(schemaFile(provider), 'utf8')).toBe(composeSchema(provider));
    });
  }
});

describe('migrations on SQLite', () => {
  it('sync every commit unless told to sync at checkpoints', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-db-'));
    folders.push(folder);
    const read = async (database: Awaited<ReturnType<typeof openDatabase>>) =>
      Number((await database.prisma.$queryRawUnsafe<Array<{ synchronous: number | bigint }>>('PRAGMA synchronous'))[0]?.synchronous);

    const full = await openDatabase({ url: `file:${path.join(folder, 'full.db')}` });
    const fullSetting = await read(full);
    await full.close();
    const normal = await openDatabase({ url: `file:${path.join(folder, 'normal.db')}`, sqliteSynchronous: 'normal' });
    // The setting belongs to the connection, so it must outlast a transaction.
    await normal.prisma.$transaction([normal.prisma.node.count()]);
    const normalSetting = await read(normal);
    await normal.close();

    expect(fullSetting).toBe(2);
    expect(normalSetting).toBe(1);
  });

  it('apply to a new file once and then apply nothing', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-db-'));
    folders.push(folder);
    const target = resolveDatabaseTarget(`file:${path.join(folder, 'test.db')}`);

    const first = await applyMigrations(target);
    const second = await applyMigrations(target);

    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual([]);
  });

  it('give a client that reads and writes every model', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-db-'));
    folders.push(folder);
    const database = await openDatabase({ url: `file:${path.join(folder, 'test.db')}` });
    try {
      await database.prisma.task.create({ data: { id: 'a'.repeat(32), key: 'Example' } });
      await database.prisma.run.create({
        data: {
          id: 'run-1',
          taskId: 'a'.repeat(32),
          taskKey: 'Example',
          taskName: 'Example',
          origin: 'manual',
          node: 'test',
          status: 'Running',
          startedAt: new Date(),
          heartbeatAt: new Date(),
        },
      });
      expect(await database.prisma.run.count()).toBe(1);
      expect(database.queryCount()).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });
});

describe('pending migrations on SQLite', () => {
  function newTarget() {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-db-'));
    folders.push(folder);
    return resolveDatabaseTarget(`file:${path.join(folder, 'test.db')}`);
  }

  it('are unknown on a new file', async () => {
    expect(await pendingMigrations(newTarget())).toBeUndefined();
  });

  it('are none after applying', async () => {
    const target = newTarget();
    await applyMigrations(target);

    expect(await pendingMigrations(target)).toEqual([]);
  });

  it('list a migration missing from the table', async () => {
    const target = newTarget();
    const applied = await applyMigrations(target);
    const last = applied.at(-1) as string;
    const database = await openDatabase({ url: target.url, migrate: false });
    try {
      await database.prisma.$executeRawUnsafe('DELETE FROM _prisma_migrations WHERE migration_name = ?', last);
      // The table the last migration created stays, so applying it again must fail: that shows the
      // schema engine ran instead of the shortcut.
      expect(await pendingMigrations(target)).toEqual([last]);
      await expect(applyMigrations(target)).rejects.toThrow();
    } finally {
      await database.close();
    }
  });

  it('are unknown while a failed migration is recorded', async () => {
    const target = newTarget();
    const applied = await applyMigrations(target);
    const database = await openDatabase({ url: target.url, migrate: false });
    try {
      await database.prisma.$executeRawUnsafe(
        'UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?',
        applied.at(-1) as string,
      );

      expect(await pendingMigrations(target)).toBeUndefined();
      await expect(applyMigrations(target)).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});

describe('migrations on PostgreSQL', () => {
  it('apply to a new database and give a working client', async () => {
    const testDatabase = await createTestDatabase('tickwork_test');
    try {
      const database = await openDatabase({ url: testDatabase.url });
      try {
        await database.prisma.task.create({ data: { id: 'b'.repeat(32), key: 'Example' } });
        expect(await database.prisma.task.count()).toBe(1);
        expect(await applyMigrations(database.target)).toEqual([]);
        expect(await pendingMigrations(database.target)).toEqual([]);
      } finally {
        await database.close();
      }
    } finally {
      await testDatabase.drop();
    }
  });
});

describe('DATABASE_URL', () => {
  it('resolves a relative SQLite path against the base folder', () => {
    expect(resolveDatabaseTarget('file:./data/x.db', '/srv/tickwork').sqliteFile).toBe('/srv/tickwork/data/x.db');
  });

  it('rejects an unknown scheme and hides the password', () => {
    expect(() => resolveDatabaseTarget('mysql://user:secret@host/db')).toThrow(/mysql:\/\/user:\*\*\*@host\/db/);
  });
});
