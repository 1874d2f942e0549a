import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';
import { createTestDatabase } from '@tickwork/db/testing';
import type { TestDatabase } from '@tickwork/db/testing';

import { Engine } from '../../src/engine.ts';
import { createBuiltInTasks } from '../../src/tasks/index.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';
import { runTaskToEnd } from '../support/harness.ts';

const DAY_MS = 24 * 3600 * 1000;
let testDatabase: TestDatabase;
let folder: string;
let database: Database;
let engine: Engine;

beforeAll(async () => {
  testDatabase = await createTestDatabase('tickwork_tasks');

  folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-pg-tasks-'));
  database = await openDatabase({ url: testDatabase.url });
  engine = new Engine({
    database,
    clock: new FakeClock(Date.now()),
    timeZone: 'UTC',
    paths: { data: folder, cache: path.join(folder, 'cache'), transcode: path.join(folder, 'transcodes'), logs: path.join(folder, 'log') },
  });
  for (const task of createBuiltInTasks({ libraries: [{ name: 'Media', paths: [path.join(folder, 'media')] }] })) engine.register(task);
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
  await database?.close();
  rmSync(folder, { recursive: true, force: true });
  await testDatabase?.drop();
});


describe('built-in tasks on PostgreSQL', () => {
  it('scan, update and remove media items', async () => {
    const media = path.join(folder, 'media');
    mkdirSync(path.join(media, 'Show', 'Season 1'), { recursive: true });
    writeFileSync(path.join(media, 'Show', 'Season 1', 'Show - S01E01.mkv'), '');
    writeFileSync(path.join(media, 'Heat (1995).mkv'), '');

    const first = await runTaskToEnd(engine, 'RefreshLibrary');
    rmSync(path.join(media, 'Heat (1995).mkv'));
    writeFileSync(path.join(media, 'Show', 'Season 1', 'Show - S01E01.mkv'), 'changed');
    const second = await runTaskToEnd(engine, 'RefreshLibrary');
    const metadata = await runTaskToEnd(engine, 'RefreshMetadata');

    expect(first.result?.status).toBe('completed');
    expect(second.lines.at(-1)).toBe('Scanned 1 media files in 1 libraries: 0 added, 1 updated, 1 removed; skipped 0 hidden entries.');
    expect(metadata.result?.status).toBe('completed');
    const items = await database.prisma.mediaItem.findMany();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: 'Show', seasonNumber: 1, episodeNumber: 1, sizeBytes: 7 });
  });

  it('clean the activity log and optimize', async () => {
    const old = new Date(Date.now() - 40 * DAY_MS);
    await database.prisma.activityLogEntry.createMany({
      data: Array.from({ length: 700 }, (_, index) => ({ name: `old ${index}`, type: 'Test', severity: 'Information', date: old })),
    });

    const cleaned = await runTaskToEnd(engine, 'CleanActivityLog');
    const optimized = await runTaskToEnd(engine, 'OptimizeDatabaseTask');

    expect(cleaned.lines).toEqual(['Deleted 700 activity log entries older than 30 days.']);
    expect(optimized.lines).toEqual(['Ran VACUUM (ANALYZE).']);
  });
});
