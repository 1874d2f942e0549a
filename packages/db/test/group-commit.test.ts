import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { GroupCommit, isUniqueViolation } from '../src/index.ts';
import { TEST_PROVIDERS } from '../src/testing/index.ts';
import type { OpenedTestDatabase } from '../src/testing/index.ts';

describe.each(TEST_PROVIDERS)('group commit on $name', (provider) => {
  let opened: OpenedTestDatabase;
  let commits: number;

  beforeEach(async () => {
    opened = await provider.open('tickwork_group_commit');
    commits = 0;
    opened.database.prisma.$on('query' as never, (event: { query: string }) => {
      if (/COMMIT/i.test(event.query)) commits += 1;
    });
  });

  afterEach(async () => {
    await opened.cleanup();
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

  it('sends every write on its own without batching', async () => {
    const { prisma } = opened.database;
    const writes = new GroupCommit(prisma, false);

    const rows = await Promise.all(
      ['a', 'b', 'c'].map((name) => writes.write((client) => client.activityLogEntry.create({ data: entry(name), select: { name: true } }))),
    );

    expect(rows.map((row) => row.name)).toEqual(['a', 'b', 'c']);
    expect(commits).toBe(0);
  });

  describe.each([
    { mode: 'with batching', batching: true },
    { mode: 'without batching', batching: false },
  ])('an atomic write $mode', ({ batching }) => {
    const pair = (name: string, clash: string) => (client: Parameters<Parameters<GroupCommit['write']>[0]>[0]) =>
      client.activityLogEntry
        .create({ data: entry(name) })
        .then(() => client.task.create({ data: { id: `id-${name}`, key: clash, anchors: '{}' }, select: { key: true } }));

    it('commits its statements together when alone', async () => {
      const { prisma } = opened.database;
      const writes = new GroupCommit(prisma, batching);

      await writes.write(pair('one', 'taken'), { atomic: true });
      const clash = writes.write(pair('two', 'taken'), { atomic: true });

      await expect(clash).rejects.toSatisfy(isUniqueViolation);
      // The second write's first statement was rolled back with its failing one.
      expect((await prisma.activityLogEntry.findMany({ select: { name: true } })).map((row) => row.name)).toEqual(['one']);
      // Only the first committed; a lone write that is not atomic commits without a transaction.
      expect(commits).toBe(1);
    });

    it('is rolled back alone when a write beside it fails', async () => {
      const { prisma } = opened.database;
      const writes = new GroupCommit(prisma, batching);

      const results = await Promise.allSettled([
        writes.write(pair('first', 'same'), { atomic: true }),
        writes.write(pair('second', 'same'), { atomic: true }),
        writes.write((client) => client.activityLogEntry.create({ data: entry('plain'), select: { name: true } })),
      ]);

      // Without batching the two pairs race, so either may win the key.
      const statuses = results.map((result) => result.status);
      expect(statuses.slice(0, 2).sort()).toEqual(['fulfilled', 'rejected']);
      expect(statuses[2]).toBe('fulfilled');
      const winner = statuses[0] === 'fulfilled' ? 'first' : 'second';
      const names = (await prisma.activityLogEntry.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((row) => row.name);
      // Sorted by name, as the query orders them.
      expect(names).toEqual([winner, 'plain'].sort());
    });
  });
});
