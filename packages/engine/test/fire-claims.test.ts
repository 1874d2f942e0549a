import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';

import type { EngineLogger } from '../src/logger.ts';
import { defineTask } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { HOUR_TICKS, TestWorld, eventually } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

/** Returns a daily task at 11:00. Unlike an interval, a daily trigger does not count from the last run's end. */
function dailyTask(scheduledFor: string[]) {
  return defineTask({
    key: 'Daily',
    name: 'Daily',
    description: 'Records the instant of every scheduled fire it runs for.',
    category: 'Test',
    defaultTriggers: [{ kind: 'daily', timeOfDayTicks: 11 * HOUR_TICKS }],
    execute: (context) => {
      scheduledFor.push(context.scheduledFor?.toISOString() ?? 'none');
    },
  });
}

function recordingLogger(messages: string[]): EngineLogger {
  const record = (_fields: object, message?: string) => {
    if (message !== undefined) messages.push(message);
  };
  const logger: EngineLogger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  return logger;
}

describe('fire claims on SQLite', () => {
  it('are stored with the run', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const fires: string[] = [];
    const { engine, database, ended } = await world.startEngine([dailyTask(fires)], clock);
    const id = engine.resolveTaskId('Daily') as string;

    await clock.advanceTo('2026-12-04T11:00:01Z');
    await eventually(() => ended.length === 1);

    const claims = await database.prisma.fireClaim.findMany({ where: { taskId: id } });
    expect(claims.map((claim) => claim.scheduledAt.toISOString())).toEqual(['2026-12-04T11:00:00.000Z']);
    expect(await database.prisma.run.count({ where: { taskId: id } })).toBe(1);
    expect(fires).toEqual(['2026-12-04T11:00:00.000Z']);
  });

  it('stop a replayed fire after a lost anchor', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const fires: string[] = [];
    const first = await world.startEngine([dailyTask(fires)], clock);
    const id = first.engine.resolveTaskId('Daily') as string;
    const anchorsBeforeFire = (await first.database.prisma.task.findUniqueOrThrow({ where: { id } })).anchors;
    expect(anchorsBeforeFire).not.toBeNull();

    await clock.advanceTo('2026-12-04T11:00:01Z');
    await eventually(() => first.ended.length === 1);
    await world.stopEngine(first.engine);

    // As if the process had died after the run's commit and before the anchor's.
    const database = await openDatabase({ url: world.databaseUrl });
    await database.prisma.task.update({ where: { id }, data: { anchors: anchorsBeforeFire } });
    await database.close();
    const messages: string[] = [];
    const third = await world.startEngine([dailyTask(fires)], clock, { startupDelayMs: 1000, logger: recordingLogger(messages) });
    expect(third.engine.nextFireTimes(id)).toEqual([Date.parse('2026-12-04T11:00:00Z')]);

    await clock.advance(5_000);
    await eventually(() => messages.includes('This scheduled fire already ran before a restart; it is not run again'));
    await third.engine.whenIdle(id);
    expect(fires).toEqual(['2026-12-04T11:00:00.000Z']);
    expect(await third.database.prisma.run.count({ where: { taskId: id } })).toBe(1);
    expect(third.engine.getTask(id)?.state).toBe('idle');

    // The next instant runs as usual.
    expect(third.engine.nextFireTimes(id)).toEqual([Date.parse('2026-12-05T11:00:00Z')]);
    await clock.advanceTo('2026-12-05T11:00:01Z');
    await eventually(() => third.ended.length === 1);
    expect(fires).toEqual(['2026-12-04T11:00:00.000Z', '2026-12-05T11:00:00.000Z']);
  });
});
