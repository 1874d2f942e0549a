import { existsSync, mkdirSync, readdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Engine } from '../src/engine.ts';
import { defineTask } from '../src/task-definition.ts';
import { computeTaskId } from '../src/task-id.ts';
import { createBuiltInTasks } from '../src/tasks/index.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { TestWorld, deferred } from './support/harness.ts';

const DAY_MS = 24 * 3600 * 1000;
let world: TestWorld;
let outside: string;

beforeEach(() => {
  world = new TestWorld();
  outside = mkdtempSync(path.join(os.tmpdir(), 'tickwork-outside-'));
});

afterEach(async () => {
  await world.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

function writeFile(file: string, ageDays: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x'.repeat(100));
  const time = new Date(Date.now() - ageDays * DAY_MS);
  utimesSync(file, time, time);
}

async function runTask(engine: Engine, key: string) {
  const id = engine.resolveTaskId(key) as string;
  expect(engine.startTask(id)).toBe('started');
  await engine.whenIdle(id);
  const result = engine.getTask(id)?.lastResult;
  const lines = await engine.runLogs.linesOf(result?.runId as string);
  return { result, lines: lines.map((line) => line.message) };
}

describe('Clean Cache Directory', () => {
  it('deletes files past the retention and empty folders, and keeps the rest', async () => {
    const cache = path.join(world.folder, 'cache');
    writeFile(path.join(cache, 'old.jpg'), 40);
    writeFile(path.join(cache, 'images', 'a', 'old.png'), 31);
    writeFile(path.join(cache, 'images', 'b', 'new.png'), 2);
    writeFile(path.join(cache, 'recent.json'), 29);
    writeFile(path.join(outside, 'precious.txt'), 400);
    symlinkSync(outside, path.join(cache, 'link-to-outside'));
    const clock = new FakeClock(Date.now());
    const { engine } = await world.startEngine(createBuiltInTasks(), clock);

    const { result, lines } = await runTask(engine, 'DeleteCacheFiles');

    expect(result?.status).toBe('completed');
    expect(existsSync(path.join(cache, 'old.jpg'))).toBe(false);
    expect(existsSync(path.join(cache, 'images', 'a'))).toBe(false);
    expect(existsSync(path.join(cache, 'images', 'b', 'new.png'))).toBe(true);
    expect(existsSync(path.join(cache, 'recent.json'))).toBe(true);
    expect(existsSync(path.join(outside, 'precious.txt'))).toBe(true);
    expect(existsSync(cache)).toBe(true);
    expect(lines.join('\n')).toContain('Deleted 2 files (200 bytes) and 1 empty folders');
  });

  it('stops between files when cancelled', async () => {
    const cache = path.join(world.folder, 'cache');
    for (let index = 0; index < 2000; index += 1) writeFile(path.join(cache, `f${index}.bin`), 60);
    const clock = new FakeClock(Date.now());
    const { engine } = await world.startEngine(createBuiltInTasks(), clock);
    const id = engine.resolveTaskId('DeleteCacheFiles') as string;

    engine.startTask(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    expect(readdirSync(cache).length).toBeGreaterThan(0);
  });
});

describe('Clean Transcode Directory', () => {
  it('deletes leftovers older than one day', async () => {
    const transcodes = path.join(world.folder, 'transcodes');
    writeFile(path.join(transcodes, 'stream-1', 'segment0.ts'), 2);
    writeFile(path.join(transcodes, 'stream-2', 'segment0.ts'), 0);
    const clock = new FakeClock(Date.now());
    const { engine } = await world.startEngine(createBuiltInTasks(), clock);

    const { result } = await runTask(engine, 'DeleteTranscodeFiles');

    expect(result?.status).toBe('completed');
    expect(existsSync(path.join(transcodes, 'stream-1'))).toBe(false);
    expect(existsSync(path.join(transcodes, 'stream-2', 'segment0.ts'))).toBe(true);
  });
});

describe('Optimize database', () => {
  it('runs PRAGMA optimize and VACUUM on SQLite', async () => {
    const clock = new FakeClock(Date.now());
    const { engine } = await world.startEngine(createBuiltInTasks(), clock);

    const { result, lines } = await runTask(engine, 'OptimizeDatabaseTask');

    expect(result?.status).toBe('completed');
    expect(lines).toEqual(['Ran PRAGMA optimize, VACUUM and a WAL checkpoint.']);
  });

  it('gives deleted rows back to the file system on SQLite', async () => {
    const clock = new FakeClock(Date.now());
    const { engine, database } = await world.startEngine(createBuiltInTasks(), clock);
    const file = path.join(world.folder, 'tickwork.db');
    const overview = 'x'.repeat(2000);
    const entries = Array.from({ length: 5000 }, (_, index) => ({
      name: `entry ${index}`,
      type: 'Test',
      severity: 'Information',
      overview,
      date: new Date(),
    }));
    await database.prisma.activityLogEntry.createMany({ data: entries });
    await database.prisma.activityLogEntry.deleteMany({});
    const sizeOf = (name: string) => (existsSync(name) ? statSync(name).size : 0);
    expect(sizeOf(file) + sizeOf(`${file}-wal`)).toBeGreaterThan(10 * 2 ** 20);

    const { result } = await runTask(engine, 'OptimizeDatabaseTask');

    expect(result?.status).toBe('completed');
    expect(sizeOf(file)).toBeLessThan(2 * 2 ** 20);
    // The run's own end is written after the checkpoint, so the WAL is small but not empty.
    expect(sizeOf(`${file}-wal`)).toBeLessThan(2 ** 20);
  });

  it('skips itself while a library scan runs', async () => {
    const release = deferred();
    const scan = defineTask({
      key: 'RefreshLibrary',
      name: 'Scan Media Library',
      description: '',
      category: 'Library',
      execute: () => release.promise,
    });
    const clock = new FakeClock(Date.now());
    const builtIns = createBuiltInTasks().filter((task) => task.key !== 'RefreshLibrary');
    const { engine } = await world.startEngine([...builtIns, scan], clock);

    engine.startTask(engine.resolveTaskId('RefreshLibrary') as string);
    const { result, lines } = await runTask(engine, 'OptimizeDatabaseTask');
    release.resolve();

    expect(result?.status).toBe('completed');
    expect(lines[0]).toMatch(/^Skipped: a library scan is running/);
  });
});

describe('built-in task identities', () => {
  it('match Jellyfin 10.11 keys, ids, names, categories and default triggers', async () => {
    const clock = new FakeClock(Date.now());
    const { engine } = await world.startEngine(createBuiltInTasks(), clock);

    const tasks = engine.listTasks().map((task) => ({
      key: task.key,
      id: task.id,
      name: task.name,
      category: task.category,
      isHidden: task.isHidden,
      triggers: task.triggers,
    }));

    const day = 864_000_000_000;
    expect(tasks).toEqual([
      {
        key: 'CheckForServerUpdates',
        id: computeTaskId('Tickwork.Tasks.CheckForServerUpdates'),
        name: 'Check for Server Updates',
        category: 'Application',
        isHidden: false,
        triggers: [{ kind: 'interval', intervalTicks: day }],
      },
      {
        key: 'CleanActivityLog',
        id: 'b461ef918ab28520928183e794350e3c',
        name: 'Clean Activity Log',
        category: 'Maintenance',
        isHidden: false,
        triggers: [],
      },
      {
        key: 'DeleteCacheFiles',
        id: '241d4fcb19a1d557ee62428e411da609',
        name: 'Clean Cache Directory',
        category: 'Maintenance',
        isHidden: false,
        triggers: [{ kind: 'interval', intervalTicks: day }],
      },
      {
        key: 'CleanLogFiles',
        id: '1c8ede62c521bea0bf851344f5b8ca40',
        name: 'Clean Log Directory',
        category: 'Maintenance',
        isHidden: false,
        triggers: [{ kind: 'interval', intervalTicks: day }],
      },
      {
        key: 'DeleteTranscodeFiles',
        id: '7d8088c10902f1bf4072ded42437bcfb',
        name: 'Clean Transcode Directory',
        category: 'Maintenance',
        isHidden: false,
        triggers: [{ kind: 'startup' }, { kind: 'interval', intervalTicks: day }],
      },
      {
        key: 'CleanupRunHistory',
        id: computeTaskId('Tickwork.Tasks.CleanupRunHistory'),
        name: 'Clean up task history',
        category: 'Maintenance',
        isHidden: true,
        triggers: [{ kind: 'interval', intervalTicks: day }],
      },
      {
        key: 'RefreshChapterImages',
        id: '4e6637c832ed644d1af3370a2506e80a',
        name: 'Extract Chapter Images',
        category: 'Library',
        isHidden: false,
        triggers: [{ kind: 'daily', timeOfDayTicks: 72_000_000_000, maxRuntimeTicks: 144_000_000_000 }],
      },
      {
        key: 'RefreshTrickplayImages',
        id: '64f5f44cd30dc273cb9890205473bbcc',
        name: 'Generate Trickplay Images',
        category: 'Library',
        isHidden: false,
        triggers: [{ kind: 'daily', timeOfDayTicks: 108_000_000_000 }],
      },
      {
        key: 'OptimizeDatabaseTask',
        id: '31de9ce83b9223d338c77b1a635e144b',
        name: 'Optimize database',
        category: 'Maintenance',
        isHidden: false,
        triggers: [{ kind: 'interval', intervalTicks: 216_000_000_000 }],
      },
      {
        key: 'RefreshMetadata',
        id: computeTaskId('Tickwork.Tasks.RefreshMetadata'),
        name: 'Refresh Metadata',
        category: 'Library',
        isHidden: false,
        triggers: [{ kind: 'interval', intervalTicks: day }],
      },
      {
        key: 'RefreshLibrary',
        id: '7738148ffcd07979c7ceb148e06b3aed',
        name: 'Scan Media Library',
        category: 'Library',
        isHidden: false,
        triggers: [{ kind: 'interval', intervalTicks: 432_000_000_000 }],
      },
      {
        key: 'PluginUpdates',
        id: 'f9b057c054e9e6daee4a88ffd146a403',
        name: 'Update Plugins',
        category: 'Application',
        isHidden: false,
        triggers: [{ kind: 'startup' }, { kind: 'interval', intervalTicks: day }],
      },
    ]);
  });
});

describe('activity log', () => {
  it('records failures of logged tasks only', async () => {
    const failing = (key: string, isLogged: boolean) =>
      defineTask({
        key,
        name: key,
        description: '',
        category: 'Test',
        isLogged,
        execute: () => {
          throw new Error('disk full');
        },
      });
    const clock = new FakeClock(Date.now());
    const { engine } = await world.startEngine([failing('Logged', true), failing('Quiet', false)], clock);

    await runTask(engine, 'Logged');
    await runTask(engine, 'Quiet');
    await clock.flush();

    const page = await engine.activityLog.list({});
    expect(page.totalRecordCount).toBe(1);
    expect(page.items[0]).toMatchObject({ name: 'Logged failed', type: 'TaskFailed', severity: 'Error' });
    expect(page.items[0]?.overview).toMatch(/^disk full\nError: disk full/);
    expect(page.items[0]?.shortOverview).toBe('Running time: 0 seconds');
  });
});
