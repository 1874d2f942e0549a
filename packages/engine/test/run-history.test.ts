import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Database } from '@tickwork/db';
import { TEST_PROVIDERS } from '@tickwork/db/testing';

import { RunQueries } from '../src/store/run-queries.ts';
import { RunStore } from '../src/store/run-store.ts';

const BASE = Date.parse('2026-06-01T00:00:00Z');
const TASK_ID = 'task-a';

describe.each(TEST_PROVIDERS)('run history on $name', (provider) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let store: RunStore;

  beforeAll(async () => {
    ({ database, cleanup } = await provider.open('tickwork_prune'));
    store = new RunStore(database.prisma);
    await database.prisma.task.create({ data: { id: TASK_ID, key: 'TaskA' } });
  });

  afterAll(async () => {
    await cleanup?.();
  });

  /**
   * Ten finished runs r00 (newest) … r09 (oldest) in groups of three that
   * share an end time, so batches must break ties by id, plus an open run
   * that started before all of them.
   */
  beforeEach(async () => {
    await database.prisma.run.deleteMany({});
    await database.prisma.run.createMany({
      data: Array.from({ length: 10 }, (_, index) => {
        const endedAt = new Date(BASE - Math.floor(index / 3) * 60_000);
        return {
          id: `r${String(9 - index).padStart(2, '0')}`,
          taskId: TASK_ID,
          taskKey: 'TaskA',
          taskName: 'Task A',
          origin: 'trigger',
          node: 'test',
          status: 'Completed',
          startedAt: new Date(endedAt.getTime() - 1000),
          endedAt,
          heartbeatAt: endedAt,
        };
      }),
    });
    await database.prisma.run.create({
      data: {
        id: 'open',
        taskId: TASK_ID,
        taskKey: 'TaskA',
        taskName: 'Task A',
        origin: 'manual',
        node: 'test',
        status: 'Running',
        startedAt: new Date(BASE - 3600_000),
        heartbeatAt: new Date(BASE),
      },
    });
  });

  async function remainingIds(): Promise<string[]> {
    const runs = await database.prisma.run.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    return runs.map((run) => run.id);
  }

  it('keeps the newest runs when a boundary splits a tie', async () => {
    // Newest first by (endedAt, id): r09 r08 r07 | r06 r05 r04 | r03 r02 r01 | r00; keeping 4 splits the second group.
    let batches = 0;
    while ((await store.pruneHistory(TASK_ID, 4, 0, 2)) > 0) batches += 1;

    expect(await remainingIds()).toEqual(['open', 'r06', 'r07', 'r08', 'r09']);
    expect(batches).toBe(3);
  });

  it('goes on from each batch without skipping tied runs', async () => {
    let position = await store.historyBoundary(TASK_ID, 2, 0);
    expect(position?.id).toBe('r08');
    const deleted: number[] = [];
    while (position !== undefined) {
      const batch = await store.deleteRunsBefore(TASK_ID, position, 3);
      deleted.push(batch.deleted);
      position = batch.next;
    }

    expect(deleted).toEqual([3, 3, 2, 0]);
    expect(await remainingIds()).toEqual(['open', 'r08', 'r09']);
  });

  it('deletes by age but keeps the last result', async () => {
    // Runs of the newest group end at BASE; everything older is past the age limit.
    while ((await store.pruneHistory(TASK_ID, 100, BASE - 1, 4)) > 0);

    expect(await remainingIds()).toEqual(['open', 'r07', 'r08', 'r09']);

    while ((await store.pruneHistory(TASK_ID, 100, BASE + 1, 4)) > 0);

    expect(await remainingIds()).toEqual(['open', 'r09']);
  });

  it('loads the newest finished run of each task', async () => {
    await database.prisma.task.upsert({ where: { id: 'task-b' }, create: { id: 'task-b', key: 'TaskB' }, update: {} });

    const results = await store.latestResults();

    expect([...results.keys()]).toEqual([TASK_ID]);
    expect(results.get(TASK_ID)?.runId).toBe('r09');
    expect(results.get(TASK_ID)?.endedAt).toBe(BASE);
  });

  it('pages through tied start times by cursor', async () => {
    const queries = new RunQueries(database.prisma);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.page({ taskId: TASK_ID, limit: 4, cursor });
      pages.push(page.runs.map((run) => run.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    expect(pages).toEqual([
      ['r09', 'r08', 'r07', 'r06'],
      ['r05', 'r04', 'r03', 'r02'],
      ['r01', 'r00', 'open'],
    ]);
  });

  it('pages one status, and nothing after an unknown cursor', async () => {
    const queries = new RunQueries(database.prisma);

    const running = await queries.page({ taskId: TASK_ID, status: 'running', limit: 10 });
    const unknown = await queries.page({ taskId: TASK_ID, limit: 10, cursor: 'no-such-run' });

    expect(running.runs.map((run) => run.id)).toEqual(['open']);
    expect(running.nextCursor).toBeUndefined();
    expect(unknown.runs).toEqual([]);
  });

  it('finds nothing to delete within the limits', async () => {
    expect(await store.historyBoundary(TASK_ID, 10, 0)).toBeUndefined();
    expect(await store.historyBoundary(TASK_ID, 50, BASE - 10 * 60_000)).toBeUndefined();
  });
});
