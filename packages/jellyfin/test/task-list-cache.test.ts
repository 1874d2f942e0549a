import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';
import { Engine, defineTask } from '@tickwork/engine';

import { TaskListCache } from '../src/routes/task-list-cache.ts';
import { toCamelCaseKeys } from '../src/wire/json-casing.ts';
import { toTaskInfo } from '../src/wire/task-info.ts';
import type { TaskInfoJson } from '../src/wire/task-info.ts';

const HOUR_TICKS = 36_000_000_000;

let folder: string;
let database: Database;
let engine: Engine;
let cache: TaskListCache;
/** Resolves the running Blocker task's execute(), so the test decides when its run ends. */
let releaseBlocker: () => void;

beforeEach(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-task-list-'));
  database = await openDatabase({ url: `file:${path.join(folder, 'tickwork.db')}` });
  engine = new Engine({
    database,
    timeZone: 'UTC',
    startupDelayMs: 3_600_000,
    paths: { data: folder, cache: folder, transcode: folder, logs: folder },
  });
  engine.register(
    defineTask({
      key: 'Blocker',
      name: 'Blocker',
      description: 'Reports progress, then waits until the test releases it.',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: HOUR_TICKS }],
      async execute(context) {
        context.reportProgress(42);
        await new Promise<void>((resolve) => (releaseBlocker = resolve));
      },
    }),
  );
  engine.register(
    defineTask({ key: 'Hidden', name: 'Hidden', description: 'Hidden.', category: 'Test', isHidden: true, execute() {} }),
  );
  await engine.start();
  cache = new TaskListCache(engine);
});

afterEach(async () => {
  cache.close();
  releaseBlocker?.();
  await engine.stop();
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

function listed(body: Buffer): TaskInfoJson[] {
  return JSON.parse(body.toString('utf8')) as TaskInfoJson[];
}

function blockerIn(body: Buffer): TaskInfoJson {
  const task = listed(body).find((candidate) => candidate.Key === 'Blocker');
  if (task === undefined) throw new Error('Blocker is not in the list');
  return task;
}

function blockerId(): string {
  return engine.resolveTaskId('Blocker') as string;
}

describe('TaskListCache', () => {
  it('reuses the body while nothing changes', () => {
    const first = cache.body({}, false);
    const second = cache.body({}, false);

    expect(second).toBe(first);
  });

  it('writes the bytes of the uncached serialization', () => {
    const tasks = engine.listTasks().map(toTaskInfo);

    expect(cache.body({}, false).toString('utf8')).toBe(JSON.stringify(tasks));
    expect(cache.body({}, true).toString('utf8')).toBe(JSON.stringify(toCamelCaseKeys(tasks)));
  });

  it('keeps filters and casing apart', () => {
    const all = listed(cache.body({}, false));
    const visible = listed(cache.body({ isHidden: false }, false));
    const camel = JSON.parse(cache.body({}, true).toString('utf8')) as Array<Record<string, unknown>>;

    expect(all.map((task) => task.Key)).toContain('Hidden');
    expect(visible.map((task) => task.Key)).not.toContain('Hidden');
    expect(camel[0]).toHaveProperty('key');
    expect(camel[0]).not.toHaveProperty('Key');
  });

  it('shows new triggers on the next read', async () => {
    cache.body({}, false);

    await engine.setTriggers(blockerId(), [{ kind: 'interval', intervalTicks: 2 * HOUR_TICKS }]);

    expect(blockerIn(cache.body({}, false)).Triggers).toEqual([{ Type: 'IntervalTrigger', IntervalTicks: 2 * HOUR_TICKS }]);
  });

  it('shows the enabled flag through the filter', async () => {
    expect(listed(cache.body({ isEnabled: false }, false))).toEqual([]);

    await engine.setEnabled(blockerId(), false);

    expect(listed(cache.body({ isEnabled: false }, false)).map((task) => task.Key)).toEqual(['Blocker']);
    expect(listed(cache.body({ isEnabled: true }, false)).map((task) => task.Key)).not.toContain('Blocker');
  });

  it('shows a run, its progress and its result', async () => {
    expect(blockerIn(cache.body({}, false)).State).toBe('Idle');

    expect(engine.startTask(blockerId())).toBe('started');
    expect(blockerIn(cache.body({}, false)).State).toBe('Running');
    await expect.poll(() => blockerIn(cache.body({}, false)).CurrentProgressPercentage).toBe(42);

    engine.stopTask(blockerId());
    expect(blockerIn(cache.body({}, false)).State).toBe('Cancelling');
    releaseBlocker();
    await engine.whenIdle(blockerId());

    const task = blockerIn(cache.body({}, false));
    expect(task.State).toBe('Idle');
    // The body returned normally after the stop request, so the run counts as completed.
    expect(task.LastExecutionResult?.Status).toBe('Completed');
  });

  it('stops caching once closed', async () => {
    cache.close();
    cache.body({}, false);

    await engine.setTriggers(blockerId(), []);

    expect(blockerIn(cache.body({}, false)).Triggers).toEqual([]);
  });
});
