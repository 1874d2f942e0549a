import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineTask } from '../src/task-definition.ts';
import type { TaskContext, TaskDefinitionInput } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import type { Trigger } from '../src/trigger.ts';
import { HOUR_TICKS, MINUTE_TICKS, TestWorld, deferred, eventually, untilAborted } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

/** A task that records the wall-clock instant of every run start. */
function recordingTask(triggers: Trigger[], starts: string[], clock: FakeClock, extra: Partial<TaskDefinitionInput> = {}) {
  return defineTask({
    key: 'Recorder',
    name: 'Recorder',
    description: 'Records when it runs.',
    category: 'Test',
    defaultTriggers: triggers,
    execute: () => {
      starts.push(new Date(clock.now()).toISOString());
    },
    ...extra,
  });
}

const at = (hours: number, minutes = 0) => (hours * 60 + minutes) * MINUTE_TICKS;

describe('daily trigger on the fake clock', () => {
  it('fires once per day across the Berlin spring-forward gap', async () => {
    const clock = new FakeClock('2026-03-27T12:00:00Z');
    const starts: string[] = [];
    await world.startEngine([recordingTask([{ kind: 'daily', timeOfDayTicks: at(2, 30) }], starts, clock)], clock, {
      timeZone: 'Europe/Berlin',
    });

    await clock.advanceTo('2026-03-31T00:00:00Z');

    expect(starts).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist; 03:00 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fires once at the first 01:30 across the New York fall-back overlap', async () => {
    const clock = new FakeClock('2026-10-31T12:00:00Z');
    const starts: string[] = [];
    await world.startEngine([recordingTask([{ kind: 'daily', timeOfDayTicks: at(1, 30) }], starts, clock)], clock, {
      timeZone: 'America/New_York',
    });

    await clock.advanceTo('2026-11-03T12:00:00Z');

    expect(starts).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first occurrence
      '2026-11-02T06:30:00.000Z', // 01:30 EST
      '2026-11-03T06:30:00.000Z',
    ]);
  });

  it('fires in the New York spring-forward gap at 03:00', async () => {
    const clock = new FakeClock('2026-03-07T12:00:00Z');
    const starts: string[] = [];
    await world.startEngine([recordingTask([{ kind: 'daily', timeOfDayTicks: at(2, 15) }], starts, clock)], clock, {
      timeZone: 'America/New_York',
    });

    await clock.advanceTo('2026-03-09T12:00:00Z');

    expect(starts).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:15:00.000Z']);
  });

  it('fires once at the first occurrence across the Berlin fall-back overlap', async () => {
    const clock = new FakeClock('2026-10-24T12:00:00Z');
    const starts: string[] = [];
    await world.startEngine([recordingTask([{ kind: 'daily', timeOfDayTicks: at(2, 30) }], starts, clock)], clock, {
      timeZone: 'Europe/Berlin',
    });

    await clock.advanceTo('2026-10-26T12:00:00Z');

    expect(starts).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });
});

describe('weekly trigger on the fake clock', () => {
  it('fires a week later when stored at the exact fire time', async () => {
    // 2026-12-06 is a Sunday.
    const clock = new FakeClock('2026-12-06T03:00:00Z');
    const starts: string[] = [];
    await world.startEngine(
      [recordingTask([{ kind: 'weekly', dayOfWeek: 0, timeOfDayTicks: at(3) }], starts, clock)],
      clock,
    );

    await clock.advanceTo('2026-12-14T00:00:00Z');

    expect(starts).toEqual(['2026-12-13T03:00:00.000Z']);
  });

  it('fires the same day when stored just before the fire time', async () => {
    const clock = new FakeClock('2026-12-06T02:59:59.999Z');
    const starts: string[] = [];
    await world.startEngine(
      [recordingTask([{ kind: 'weekly', dayOfWeek: 0, timeOfDayTicks: at(3) }], starts, clock)],
      clock,
      { startupDelayMs: 0 },
    );

    await clock.advanceTo('2026-12-07T00:00:00Z');

    expect(starts).toEqual(['2026-12-06T03:00:00.000Z']);
  });
});

describe('interval trigger on the fake clock', () => {
  it('keeps its countdown across a restart', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    const task = recordingTask([{ kind: 'interval', intervalTicks: HOUR_TICKS }], starts, clock);
    const first = await world.startEngine([task], clock);

    await clock.advanceTo('2026-12-04T10:40:00Z');
    await world.stopEngine(first.engine);
    await clock.advanceTo('2026-12-04T10:50:00Z');
    await world.startEngine([task], clock);
    await clock.advanceTo('2026-12-04T12:30:00Z');

    expect(starts).toEqual(['2026-12-04T11:00:00.000Z', '2026-12-04T12:00:00.000Z']);
  });

  it('counts from the end of a long run', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const release = deferred();
    const starts: string[] = [];
    const task = recordingTask([{ kind: 'interval', intervalTicks: HOUR_TICKS }], starts, clock, {
      execute: async () => {
        starts.push(new Date(clock.now()).toISOString());
        if (starts.length === 1) await release.promise;
      },
    });
    const { engine } = await world.startEngine([task], clock);

    await clock.advanceTo('2026-12-04T11:30:00Z');
    release.resolve();
    await engine.whenIdle(engine.resolveTaskId('Recorder') as string);
    await clock.advanceTo('2026-12-04T13:00:00Z');

    expect(starts).toEqual(['2026-12-04T11:00:00.000Z', '2026-12-04T12:30:00.000Z']);
  });
});

describe('startup trigger', () => {
  it('fires once, after the startup delay', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    await world.startEngine([recordingTask([{ kind: 'startup' }], starts, clock)], clock);

    await clock.advance(2_999);
    expect(starts).toEqual([]);
    await clock.advance(1);
    expect(starts).toEqual(['2026-12-04T10:00:03.000Z']);
    await clock.advance(24 * 3600 * 1000);
    expect(starts).toHaveLength(1);
  });

  it('keeps its delay when another task changes triggers', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    const other = defineTask({ key: 'Other', name: 'Other', description: '', category: 'Test', execute: () => {} });
    const { engine } = await world.startEngine([recordingTask([{ kind: 'startup' }], starts, clock), other], clock);

    await clock.advance(1_000);
    await engine.setTriggers(engine.resolveTaskId('Other') as string, [{ kind: 'interval', intervalTicks: HOUR_TICKS }]);
    await clock.advance(2_000);

    expect(starts).toEqual(['2026-12-04T10:00:03.000Z']);
  });

  it('does not fire when added through setTriggers', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    const { engine } = await world.startEngine([recordingTask([], starts, clock)], clock);

    await clock.advance(10_000);
    await engine.setTriggers(engine.resolveTaskId('Recorder') as string, [{ kind: 'startup' }]);
    await clock.advance(10_000);

    expect(starts).toEqual([]);
  });
});

describe('misfires after downtime', () => {
  it('runs a missed daily fire once after start', async () => {
    const clock = new FakeClock('2026-12-04T01:00:00Z');
    const starts: string[] = [];
    const task = recordingTask([{ kind: 'daily', timeOfDayTicks: at(2) }], starts, clock);
    const first = await world.startEngine([task], clock);
    await world.stopEngine(first.engine);

    await clock.advanceTo('2026-12-06T05:00:00Z');
    const second = await world.startEngine([task], clock);
    await clock.advanceTo('2026-12-06T05:10:00Z');

    expect(starts).toEqual(['2026-12-06T05:00:03.000Z']);
    const runs = await second.database.prisma.run.findMany();
    expect(runs.map((run) => run.origin)).toEqual(['misfire']);
  });

  it('skips a missed fire under the skip policy', async () => {
    const clock = new FakeClock('2026-12-04T01:00:00Z');
    const starts: string[] = [];
    const task = recordingTask([{ kind: 'daily', timeOfDayTicks: at(2) }], starts, clock);
    const first = await world.startEngine([task], clock, { misfirePolicy: 'skip' });
    await world.stopEngine(first.engine);

    await clock.advanceTo('2026-12-06T05:00:00Z');
    await world.startEngine([task], clock, { misfirePolicy: 'skip' });
    await clock.advanceTo('2026-12-07T03:00:00Z');

    expect(starts).toEqual(['2026-12-07T02:00:00.000Z']);
  });
});

describe('disabled tasks', () => {
  it('drop fires while disabled and fire again once enabled', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    const { engine } = await world.startEngine(
      [recordingTask([{ kind: 'interval', intervalTicks: HOUR_TICKS }], starts, clock)],
      clock,
    );
    const id = engine.resolveTaskId('Recorder') as string;

    await engine.setEnabled(id, false);
    await clock.advanceTo('2026-12-04T12:30:00Z');
    expect(starts).toEqual([]);

    await engine.setEnabled(id, true);
    await clock.advanceTo('2026-12-04T13:30:00Z');
    expect(starts).toEqual(['2026-12-04T13:00:00.000Z']);
  });

  it('still start manually', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    const { engine } = await world.startEngine([recordingTask([], starts, clock, { isEnabled: false })], clock);

    expect(engine.startTask(engine.resolveTaskId('Recorder') as string)).toBe('started');
    await engine.whenIdle(engine.resolveTaskId('Recorder') as string);

    expect(starts).toHaveLength(1);
  });
});

describe('overlapping fires', () => {
  it('coalesce into one follow-up run', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const release = deferred();
    const origins: string[] = [];
    const task = defineTask({
      key: 'Slow',
      name: 'Slow',
      description: '',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: 10 * MINUTE_TICKS }],
      execute: async () => {
        origins.push(new Date(clock.now()).toISOString());
        if (origins.length === 1) await release.promise;
      },
    });
    const { engine, database } = await world.startEngine([task], clock);
    const id = engine.resolveTaskId('Slow') as string;

    // Fires at 10:10; its run blocks while fires come due at 10:20, 10:30 and 10:40.
    await clock.advanceTo('2026-12-04T10:45:00Z');
    expect(origins).toHaveLength(1);
    release.resolve();
    await engine.whenIdle(id);

    expect(origins).toEqual(['2026-12-04T10:10:00.000Z', '2026-12-04T10:45:00.000Z']);
    const runs = await database.prisma.run.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs.map((run) => run.origin)).toEqual(['trigger', 'queue']);
  });
});

describe('concurrency limit', () => {
  it('makes a second task wait for a free slot', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const release = deferred();
    const events: string[] = [];
    const make = (key: string, intervalTicks: number) =>
      defineTask({
        key,
        name: key,
        description: '',
        category: 'Test',
        defaultTriggers: [{ kind: 'interval', intervalTicks }],
        execute: async () => {
          events.push(`${key} started`);
          if (key === 'First') await release.promise;
          events.push(`${key} ended`);
        },
      });
    const { engine } = await world.startEngine([make('First', HOUR_TICKS), make('Second', HOUR_TICKS + MINUTE_TICKS)], clock, {
      maxConcurrentRuns: 1,
    });

    // First fires at 11:00 and blocks; Second comes due at 11:01 and waits.
    await clock.advanceTo('2026-12-04T11:01:30Z');
    expect(events).toEqual(['First started']);
    expect(engine.getTask(engine.resolveTaskId('Second') as string)?.state).toBe('idle');

    release.resolve();
    await engine.whenIdle(engine.resolveTaskId('First') as string);
    await clock.flush();
    await engine.whenIdle(engine.resolveTaskId('Second') as string);

    expect(events).toEqual(['First started', 'First ended', 'Second started', 'Second ended']);
  });
});

describe('cancellation', () => {
  function waitingTask(extra: Partial<TaskDefinitionInput> = {}) {
    return defineTask({
      key: 'Waiter',
      name: 'Waiter',
      description: '',
      category: 'Test',
      execute: (context: TaskContext) => untilAborted(context.signal),
      ...extra,
    });
  }

  it('ends a run at its trigger time limit as Cancelled', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine, ended, database } = await world.startEngine(
      [waitingTask({ defaultTriggers: [{ kind: 'interval', intervalTicks: HOUR_TICKS, maxRuntimeTicks: 5 * MINUTE_TICKS }] })],
      clock,
    );

    await clock.advanceTo('2026-12-04T11:04:59Z');
    expect(engine.getTask(engine.resolveTaskId('Waiter') as string)?.state).toBe('running');
    await clock.advanceTo('2026-12-04T11:05:01Z');
    await eventually(() => ended.length === 1);

    expect(ended[0]?.status).toBe('cancelled');
    expect(ended[0]?.cancelReason).toBe('timeout');
    expect(ended[0]?.endedAt).toBe(Date.parse('2026-12-04T11:05:00Z'));
    const run = await database.prisma.run.findFirstOrThrow();
    expect(run.cancelReason).toBe('timeout');
  });

  it('applies no time limit to a manual start', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine, ended } = await world.startEngine(
      [waitingTask({ defaultTriggers: [{ kind: 'interval', intervalTicks: 100 * HOUR_TICKS, maxRuntimeTicks: MINUTE_TICKS }] })],
      clock,
    );
    const id = engine.resolveTaskId('Waiter') as string;

    engine.startTask(id);
    await clock.advance(3600_000);

    expect(engine.getTask(id)?.state).toBe('running');
    expect(ended).toHaveLength(0);
  });

  it('stops a task that ignores cancellation after the grace period', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const never = deferred();
    const { engine, ended } = await world.startEngine(
      [waitingTask({ execute: () => never.promise })],
      clock,
      { gracePeriodMs: 30_000 },
    );
    const id = engine.resolveTaskId('Waiter') as string;

    engine.startTask(id);
    await clock.flush();
    expect(engine.stopTask(id)).toBe('cancelling');
    expect(engine.getTask(id)?.state).toBe('cancelling');
    await clock.advance(29_999);
    expect(engine.getTask(id)?.state).toBe('cancelling');
    await clock.advance(1);
    await eventually(() => ended.length === 1);

    expect(engine.getTask(id)?.state).toBe('idle');
    expect(ended[0]?.status).toBe('cancelled');
    expect(ended[0]?.cancelReason).toBe('forced');
  });

  it('records a run that stops on request as Cancelled', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine, ended } = await world.startEngine([waitingTask()], clock);
    const id = engine.resolveTaskId('Waiter') as string;

    engine.startTask(id);
    await clock.flush();
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(ended[0]?.status).toBe('cancelled');
    expect(ended[0]?.cancelReason).toBe('user');
    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
  });

  it('records runs in progress at shutdown as Aborted', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { engine, database } = await world.startEngine([waitingTask()], clock);
    const id = engine.resolveTaskId('Waiter') as string;

    engine.startTask(id);
    await clock.flush();
    await engine.stop();

    const run = await database.prisma.run.findFirstOrThrow();
    expect(run.status).toBe('Aborted');
    expect(run.cancelReason).toBe('shutdown');
  });
});

describe('wake from sleep', () => {
  it('fires systemEvent triggers when the host resumes', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const starts: string[] = [];
    await world.startEngine([recordingTask([{ kind: 'systemEvent', systemEvent: 'wakeFromSleep' }], starts, clock)], clock);

    await clock.advance(60_000);
    expect(starts).toEqual([]);
    await clock.sleep(2 * 3600_000);
    await clock.advance(10_000);

    expect(starts).toHaveLength(1);
  });
});
