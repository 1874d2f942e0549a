import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineTask } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { HOUR_TICKS, TestWorld } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

const task = defineTask({
  key: 'Stored',
  name: 'Stored',
  description: '',
  category: 'Test',
  defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * HOUR_TICKS }],
  execute: () => {},
});

describe('a corrupt stored trigger list', () => {
  for (const [name, raw] of [
    ['invalid JSON', '[{"kind": "daily",'],
    ['a value that is not a list', '{"kind":"daily"}'],
    ['an unknown trigger kind', '[{"kind":"hourly"}]'],
    ['a daily trigger without a time', '[{"kind":"daily"}]'],
  ] as const) {
    it(`falls back to the defaults on ${name} and keeps the stored value`, async () => {
      const clock = new FakeClock('2026-12-04T10:00:00Z');
      const first = await world.startEngine([task], clock);
      const id = first.engine.resolveTaskId('Stored') as string;
      await first.database.prisma.task.update({ where: { id }, data: { triggers: raw } });
      await world.stopEngine(first.engine);

      const second = await world.startEngine([task], clock);

      expect(second.engine.getTask(id)?.triggers).toEqual([{ kind: 'interval', intervalTicks: 24 * HOUR_TICKS }]);
      const row = await second.database.prisma.task.findUniqueOrThrow({ where: { id } });
      expect(row.triggers).toBe(raw);
    });
  }
});

describe('trigger anchors', () => {
  it('survive removing another trigger from the list', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine } = await world.startEngine([task], clock);
    const id = engine.resolveTaskId('Stored') as string;
    const hourly = { kind: 'interval' as const, intervalTicks: HOUR_TICKS };

    await engine.setTriggers(id, [{ kind: 'startup' }, hourly]);
    await clock.advanceTo('2026-12-04T10:30:00Z');
    await engine.setTriggers(id, [hourly]);

    expect(engine.nextFireTimes(id)).toEqual([Date.parse('2026-12-04T11:00:00Z')]);
  });

  it('start counting when a trigger is first stored', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine } = await world.startEngine([task], clock);
    const id = engine.resolveTaskId('Stored') as string;

    await clock.advanceTo('2026-12-04T10:30:00Z');
    await engine.setTriggers(id, [{ kind: 'interval', intervalTicks: HOUR_TICKS }]);

    expect(engine.nextFireTimes(id)).toEqual([Date.parse('2026-12-04T11:30:00Z')]);
  });
});

describe('enabled flag', () => {
  it('is stored and read back after a restart', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const first = await world.startEngine([task], clock);
    const id = first.engine.resolveTaskId('Stored') as string;
    await first.engine.setEnabled(id, false);
    await world.stopEngine(first.engine);

    const second = await world.startEngine([task], clock);

    expect(second.engine.getTask(id)?.isEnabled).toBe(false);
  });
});

describe('run history', () => {
  it('keeps the newest runs per task and the last result', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine, database } = await world.startEngine([task], clock, { historyMaxRuns: 3 });
    const id = engine.resolveTaskId('Stored') as string;

    for (let run = 0; run < 6; run += 1) {
      engine.startTask(id);
      await engine.whenIdle(id);
      await clock.advance(1000);
    }
    await clock.flush();

    const runs = await database.prisma.run.findMany({ where: { taskId: id } });
    expect(runs).toHaveLength(3);
    expect(engine.getTask(id)?.lastResult?.endedAt).toBe(Math.max(...runs.map((run) => run.endedAt?.getTime() ?? 0)));
  });
});

describe('many new tasks', () => {
  // More than one insert chunk, with a partial last chunk.
  const manyTasks = Array.from({ length: 450 }, (_, index) =>
    defineTask({
      key: `Many${String(index).padStart(3, '0')}`,
      name: `Many ${index}`,
      description: '',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: HOUR_TICKS }],
      execute: () => {},
    }),
  );

  it('are all stored on the first start', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { database } = await world.startEngine(manyTasks, clock);

    const rows = await database.prisma.task.findMany({ select: { key: true, anchors: true } });

    expect(rows.map((row) => row.key).sort()).toEqual(manyTasks.map((definition) => definition.key));
    expect(rows.every((row) => row.anchors !== null && JSON.parse(row.anchors).length === 1)).toBe(true);
  });

  it('move a renamed task key to its new id', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const first = await world.startEngine(manyTasks, clock);
    await world.stopEngine(first.engine);
    const renamed = manyTasks.map((definition) => ({ ...definition, typeName: `Renamed.${definition.key}` }));

    const second = await world.startEngine(renamed, clock);

    const rows = await second.database.prisma.task.findMany({ select: { id: true, key: true } });
    expect(rows).toHaveLength(manyTasks.length);
    expect(rows.find((row) => row.key === 'Many000')?.id).toBe(second.engine.resolveTaskId('Many000'));
  });
});
