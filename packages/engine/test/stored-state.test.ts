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
