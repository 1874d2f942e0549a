import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createBuiltInTasks } from '../../src/tasks/index.ts';
import type { BuiltInTaskOptions } from '../../src/tasks/index.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';
import { TestWorld, runTaskToEnd, stopAtFirstProgress } from '../support/harness.ts';

const DAY_MS = 24 * 3600 * 1000;
let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

function writeOld(file: string, ageDays: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'line\n'.repeat(20));
  const time = new Date(Date.now() - ageDays * DAY_MS);
  utimesSync(file, time, time);
}

function start(options: BuiltInTaskOptions = {}) {
  return world.startEngine(createBuiltInTasks(options), new FakeClock(Date.now()));
}

describe('Clean Log Directory', () => {
  it('deletes log files past three days and counts them', async () => {
    const logs = path.join(world.folder, 'log');
    writeOld(path.join(logs, 'tickwork-2020-01-01.log'), 4);
    writeOld(path.join(logs, 'old', 'tickwork-2020-01-02.log'), 10);
    writeOld(path.join(logs, 'tickwork-today.log'), 1);
    const { engine } = await start();

    const { result, lines } = await runTaskToEnd(engine, 'CleanLogFiles');

    expect(result?.status).toBe('completed');
    expect(readdirSync(logs)).toEqual(['tickwork-today.log']);
    expect(lines.at(-1)).toBe(`Deleted 2 files (200 bytes) and 1 empty folders older than 3 days from ${logs}.`);
  });

  it('honours a configured retention', async () => {
    const logs = path.join(world.folder, 'log');
    writeOld(path.join(logs, 'a.log'), 4);
    const { engine } = await start({ logRetentionDays: 7 });

    await runTaskToEnd(engine, 'CleanLogFiles');

    expect(existsSync(path.join(logs, 'a.log'))).toBe(true);
  });

  it('fails when the log path is a file', async () => {
    writeFileSync(path.join(world.folder, 'log'), 'not a folder');
    const { engine } = await start();

    const { result } = await runTaskToEnd(engine, 'CleanLogFiles');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toMatch(/ENOTDIR/);
  });

  it('stops between files when cancelled', async () => {
    const logs = path.join(world.folder, 'log');
    for (let index = 0; index < 3000; index += 1) writeOld(path.join(logs, `${index % 30}`, `${index}.log`), 5);
    const { engine } = await start();

    const status = await stopAtFirstProgress(engine, 'CleanLogFiles');

    expect(status).toBe('cancelled');
    const left = readdirSync(logs, { recursive: true }).filter((name) => String(name).endsWith('.log')).length;
    expect(left).toBeGreaterThan(0);
  });
});

describe.each([
  ['DeleteCacheFiles', 'cache'],
  ['DeleteTranscodeFiles', 'transcodes'],
])('%s', (key, folderName) => {
  it('fails when its folder is a file', async () => {
    writeFileSync(path.join(world.folder, folderName), 'not a folder');
    const { engine } = await start();

    const { result } = await runTaskToEnd(engine, key);

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toMatch(/ENOTDIR/);
  });

  it('stops between files when cancelled', async () => {
    const folder = path.join(world.folder, folderName);
    for (let index = 0; index < 300; index += 1) writeOld(path.join(folder, `${index % 10}`, `${index}.tmp`), 60);
    const { engine } = await start();

    const status = await stopAtFirstProgress(engine, key);

    expect(status).toBe('cancelled');
    expect(readdirSync(folder, { recursive: true }).filter((name) => String(name).endsWith('.tmp')).length).toBeGreaterThan(0);
  });
});

describe('Optimize database', () => {
  it('stops between its two steps when cancelled', async () => {
    const { engine } = await start();

    const status = await stopAtFirstProgress(engine, 'OptimizeDatabaseTask');

    expect(status).toBe('cancelled');
  });
});

describe('Clean Activity Log', () => {
  function entries(count: number, ageDays: number) {
    const date = new Date(Date.now() - ageDays * DAY_MS);
    return Array.from({ length: count }, (_, index) => ({
      name: `entry ${index}`,
      type: 'Test',
      severity: 'Information',
      date,
    }));
  }

  it('deletes entries past the retention in batches', async () => {
    const { engine, database } = await start();
    await database.prisma.activityLogEntry.createMany({ data: entries(1200, 31) });
    await database.prisma.activityLogEntry.createMany({ data: entries(5, 29) });

    const { result, lines } = await runTaskToEnd(engine, 'CleanActivityLog');

    expect(result?.status).toBe('completed');
    expect(await database.prisma.activityLogEntry.count()).toBe(5);
    expect(lines).toEqual(['Deleted 1200 activity log entries older than 30 days.']);
  });

  it('has no default triggers', async () => {
    const { engine } = await start();
    expect(engine.getTask(engine.resolveTaskId('CleanActivityLog') as string)?.triggers).toEqual([]);
  });

  it('stops between batches when cancelled', async () => {
    const { engine, database } = await start({ activityLogRetentionDays: 1 });
    await database.prisma.activityLogEntry.createMany({ data: entries(30_000, 2) });

    const status = await stopAtFirstProgress(engine, 'CleanActivityLog');

    expect(status).toBe('cancelled');
    const left = await database.prisma.activityLogEntry.count();
    expect(left).toBe(29_500);
  });

  it('fails when the table is gone', async () => {
    const { engine, database } = await start();
    await database.prisma.$executeRawUnsafe('DROP TABLE "ActivityLogEntry"');

    const { result } = await runTaskToEnd(engine, 'CleanActivityLog');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toMatch(/ActivityLogEntry/);
  });
});

describe('Clean up task history', () => {
  async function addRuns(database: Awaited<ReturnType<typeof start>>['database'], taskId: string, count: number) {
    const now = Date.now();
    await database.prisma.run.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        id: `run-${String(index).padStart(6, '0')}`,
        taskId,
        taskKey: 'DeleteCacheFiles',
        taskName: 'Clean Cache Directory',
        origin: 'trigger',
        node: 'test',
        status: 'Completed',
        startedAt: new Date(now - (index + 1) * 3600_000),
        endedAt: new Date(now - (index + 1) * 3600_000 + 1000),
        heartbeatAt: new Date(now - (index + 1) * 3600_000),
      })),
    });
  }

  it('keeps the newest runs per task and is hidden', async () => {
    const { engine, database } = await start({ historyMaxRuns: 10, historyMaxAgeDays: 30 });
    const taskId = engine.resolveTaskId('DeleteCacheFiles') as string;
    await addRuns(database, taskId, 250);

    const { result, lines } = await runTaskToEnd(engine, 'CleanupRunHistory');

    expect(result?.status).toBe('completed');
    const kept = await database.prisma.run.findMany({ where: { taskId }, orderBy: { endedAt: 'desc' } });
    expect(kept.map((run) => run.id)).toEqual(Array.from({ length: 10 }, (_, index) => `run-${String(index).padStart(6, '0')}`));
    expect(lines.at(-1)).toMatch(/^Deleted 240 finished runs from the history of \d+ tasks\.$/);
    expect(engine.getTask(engine.resolveTaskId('CleanupRunHistory') as string)?.isHidden).toBe(true);
  });

  it('fails when deleting runs fails', async () => {
    const { engine, database } = await start({ historyMaxRuns: 10, historyMaxAgeDays: 30 });
    await addRuns(database, engine.resolveTaskId('DeleteCacheFiles') as string, 20);
    await database.prisma.$executeRawUnsafe(
      `CREATE TRIGGER keep_runs BEFORE DELETE ON "Run" BEGIN SELECT RAISE(ABORT, 'run history is read-only'); END`,
    );

    const { result } = await runTaskToEnd(engine, 'CleanupRunHistory');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toMatch(/this\.db\.run\.deleteMany\(\)/);
  });

  it('deletes runs past the age limit', async () => {
    const { engine, database } = await start({ historyMaxRuns: 1000, historyMaxAgeDays: 1 });
    const taskId = engine.resolveTaskId('DeleteCacheFiles') as string;
    await addRuns(database, taskId, 48);

    await runTaskToEnd(engine, 'CleanupRunHistory');

    expect(await database.prisma.run.count({ where: { taskId } })).toBe(24);
  });

  it('lets the event loop turn between batches', async () => {
    const { engine, database } = await start({ historyMaxRuns: 1, historyMaxAgeDays: 30 });
    const taskId = engine.resolveTaskId('DeleteCacheFiles') as string;
    const cleanupId = engine.resolveTaskId('CleanupRunHistory') as string;
    await addRuns(database, taskId, 5000);
    // Counts event-loop turns; SQLite calls resolve without one, so a loop of them alone would starve I/O and timers.
    let turns = 0;
    let counting = true;
    const countTurn = () => {
      turns += 1;
      if (counting) setImmediate(countTurn);
    };
    setImmediate(countTurn);
    const turnsAtProgress: number[] = [];
    const unsubscribe = engine.events.on('progress', (event) => {
      if (event.taskId === cleanupId) turnsAtProgress.push(turns);
    });

    const { result } = await runTaskToEnd(engine, 'CleanupRunHistory');
    counting = false;
    unsubscribe();

    expect(result?.status).toBe('completed');
    expect(await database.prisma.run.count({ where: { taskId } })).toBe(1);
    expect(turnsAtProgress.length).toBeGreaterThan(2);
    for (let index = 1; index < turnsAtProgress.length; index += 1) {
      expect(turnsAtProgress[index], `progress report ${index}`).toBeGreaterThan(turnsAtProgress[index - 1] as number);
    }
  });

  it('stops between batches when cancelled', async () => {
    const { engine, database } = await start({ historyMaxRuns: 1, historyMaxAgeDays: 30 });
    const taskId = engine.resolveTaskId('DeleteCacheFiles') as string;
    await addRuns(database, taskId, 20_000);

    const status = await stopAtFirstProgress(engine, 'CleanupRunHistory');

    expect(status).toBe('cancelled');
    expect(await database.prisma.run.count({ where: { taskId } })).toBeGreaterThan(1);
  });
});
