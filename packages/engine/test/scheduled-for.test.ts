import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineTask } from '../src/task-definition.ts';
import type { TaskContext } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import type { Trigger } from '../src/trigger.ts';
import { HOUR_TICKS, MINUTE_TICKS, TestWorld } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

interface Start {
  startedAt: string;
  scheduledFor: string | undefined;
}

/** A task that records, for every run, the clock's instant and context.scheduledFor. */
function recordingTask(triggers: Trigger[], starts: Start[], clock: FakeClock) {
  return defineTask({
    key: 'Recorder',
    name: 'Recorder',
    description: 'Records when it runs and when its fire was due.',
    category: 'Test',
    defaultTriggers: triggers,
    execute: (context: TaskContext) => {
      starts.push({ startedAt: new Date(clock.now()).toISOString(), scheduledFor: context.scheduledFor?.toISOString() });
    },
  });
}

describe('context.scheduledFor', () => {
  it('equals the interval fire instant when the fire is late', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: Start[] = [];
    await world.startEngine([recordingTask([{ kind: 'interval', intervalTicks: HOUR_TICKS }], starts, clock)], clock);

    await clock.advanceTo('2026-12-04T10:59:59Z');
    // Wall time jumps while timers wait, so the 11:00 fire runs a few seconds late.
    await clock.sleep(5_000);
    await clock.advance(15_000);

    expect(starts).toHaveLength(1);
    expect(starts[0]?.scheduledFor).toBe('2026-12-04T11:00:00.000Z');
    expect(Date.parse(starts[0]?.startedAt ?? '')).toBeGreaterThan(Date.parse('2026-12-04T11:00:04Z'));
  });

  it('equals the daily fire instant on time', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: Start[] = [];
    await world.startEngine(
      [recordingTask([{ kind: 'daily', timeOfDayTicks: 14 * 60 * MINUTE_TICKS }], starts, clock)],
      clock,
    );

    await clock.advanceTo('2026-12-05T15:00:00Z');

    expect(starts).toEqual([
      { startedAt: '2026-12-04T14:00:00.000Z', scheduledFor: '2026-12-04T14:00:00.000Z' },
      { startedAt: '2026-12-05T14:00:00.000Z', scheduledFor: '2026-12-05T14:00:00.000Z' },
    ]);
  });

  it('is the missed instant for a catch-up run', async () => {
    const clock = new FakeClock('2026-12-04T01:00:00Z');
    const starts: Start[] = [];
    const task = recordingTask([{ kind: 'daily', timeOfDayTicks: 2 * 60 * MINUTE_TICKS }], starts, clock);
    const first = await world.startEngine([task], clock);
    await world.stopEngine(first.engine);

    await clock.advanceTo('2026-12-04T05:00:00Z');
    await world.startEngine([task], clock);
    await clock.advanceTo('2026-12-04T05:10:00Z');

    expect(starts).toEqual([{ startedAt: '2026-12-04T05:00:03.000Z', scheduledFor: '2026-12-04T02:00:00.000Z' }]);
  });

  it('is undefined for a manual start', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: Start[] = [];
    const { engine } = await world.startEngine(
      [recordingTask([{ kind: 'interval', intervalTicks: HOUR_TICKS }], starts, clock)],
      clock,
    );
    const id = engine.resolveTaskId('Recorder') as string;

    expect(engine.startTask(id)).toBe('started');
    await engine.whenIdle(id);

    expect(starts).toHaveLength(1);
    expect(starts[0]?.scheduledFor).toBeUndefined();
  });
});
