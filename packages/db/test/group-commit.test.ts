import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { GroupCommit, isUniqueViolation, openDatabase } from '../src/index.ts';
import type { Database } from '../src/index.ts';
import { createTestDatabase } from '../src/testing/index.ts';

interface Opened {
  database: Database;
  cleanUp(): Promise<void>;
}

const PROVIDERS: Array<[string, () => Promise<Opened>]> = [
  [
    'SQLite',
    async () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-group-commit-'));
      const database = await openDatabase({ url: `file:${path.join(folder, 'tickwork.db')}` });
      return {
        database,
        cleanUp: async () => {
          await database.close();
          rmSync(folder, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const created = await createTestDatabase('tickwork_group_commit');
      const database = await openDatabase({ url: created.url });
      return {
        database,
        cleanUp: async () => {
          await database.close();
          await created.drop();
        },
      };
    },
  ],
];

describe.each(PROVIDERS)('group commit on %s', (_name, open) => {
  let opened: Opened;
  let commits: number;

  beforeEach(async () => {
    opened = await open();
    commits = 0;
    opened.database.prisma.$on('query' as never, (event: { query: string }) => {
      if (/COMMIT/i.test(event.query)) commits += 1;
    });
  });

  afterEach(async () => {
    await opened.cleanUp();
  });

  const entry = (name: string) => ({ name, type: 'Test', severity: 'Information', date: new Date() });

  it('batches concurrent writes in one transaction', async () => {
    const { prisma } = opened.database;
    const writes = new GroupCommit(prisma);
    const names = Array.from({ length: 40 }, (_, index) => `entry ${index}`);

    const rows = await Promise.all(
      names.map((name) => writes.write((client) => client.activityLogEntry.create({ data: entry(name), select: { id: true, name: true } }))),
    );

    expect(rows.map((row) => row.name)).toEqual(names);
    expect(new Set(rows.map((row) => row.id)).size).toBe(40);
    expect(await prisma.activityLogEntry.count()).toBe(40);
    // The first write may go out alone; the other 39 share one transaction.
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(2);
  });

  it('fails only the violating write', async () => {
    const { prisma } = opened.database;
    const writes = new GroupCommit(prisma);
    const task = (key: string) => ({ id: `id-${key}-${Math.random()}`, key, anchors: '{}' });

    const results = await Promise.allSettled([
      writes.write((client) => client.task.create({ data: task('first'), select: { key: true } })),
      writes.write((client) => client.task.create({ data: task('second'), select: { key: true } })),
      writes.write((client) => client.task.create({ data: task('first'), select: { key: true } })),
      writes.write((client) => client.task.create({ data: task('third'), select: { key: true } })),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((results[2] as PromiseRejectedResult).reason)).toBe(true);
    const keys = (await prisma.task.findMany({ select: { key: true }, orderBy: { key: 'asc' } })).map((row) => row.key);
    expect(keys).toEqual(['first', 'second', 'third']);
  });

  it('sends a lone write at once', async () => {
    const { prisma } = opened.database;
    const writes = new GroupCommit(prisma);

    const row = await writes.write((client) => client.activityLogEntry.create({ data: entry('alone'), select: { name: true } }));
    const again = await writes.write((client) => client.activityLogEntry.create({ data: entry('later'), select: { name: true } }));

    expect([row.name, again.name]).toEqual(['alone', 'later']);
    expect(await prisma.activityLogEntry.count()).toBe(2);
  });
});
