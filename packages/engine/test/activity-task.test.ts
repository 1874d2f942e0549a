import { afterEach, beforeEach, expect, it } from 'vitest';

import { defineTask } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { TestWorld, eventually } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

const task = (key: string, name: string, execute: () => void = () => {}) =>
  defineTask({ key, name, description: '', category: 'Test', execute });

it('finds the task of each task entry', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const failing = task('Failing', 'Scan', () => {
    throw new Error('disk full');
  });
  const { engine } = await world.startEngine([failing, task('Other', 'Library Scan')], clock);
  const id = engine.resolveTaskId('Failing') as string;
  const actor = { userId: 'u1', userName: 'alice started by' };

  engine.startTask(id, actor);
  await engine.whenIdle(id);
  await engine.setTriggers(id, [], actor);
  await eventually(async () => (await engine.activityLog.list({})).totalRecordCount === 3);
  const entries = (await engine.activityLog.list({})).items;

  expect(entries.map((entry) => entry.type).sort()).toEqual(['TaskFailed', 'TaskStarted', 'TaskTriggersChanged']);
  for (const entry of entries) expect(engine.taskIdOfActivityEntry(entry), entry.name).toBe(id);
});

it('finds no task for other entries', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const { engine } = await world.startEngine([task('First', 'Twin'), task('Second', 'Twin'), task('Third', 'Single')], clock);

  expect(engine.taskIdOfActivityEntry({ type: 'TaskFailed', name: 'Twin failed' })).toBeUndefined();
  expect(engine.taskIdOfActivityEntry({ type: 'TaskFailed', name: 'Removed plugin task failed' })).toBeUndefined();
  expect(engine.taskIdOfActivityEntry({ type: 'UserSignedIn', name: 'alice started Single' })).toBeUndefined();
  expect(engine.taskIdOfActivityEntry({ type: 'TaskStarted', name: 'alice started Single' })).toBe(engine.resolveTaskId('Third'));
});
