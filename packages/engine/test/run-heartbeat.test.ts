import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Database } from '@tickwork/db';
import { TEST_PROVIDERS } from '@tickwork/db/testing';

import { RunStore } from '../src/store/run-store.ts';
import { Engine } from '../src/engine.ts';
import { defineTask } from '../src/task-definition.ts';
import type { RunResult } from '../src/task-snapshot.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { deferred, untilAborted } from './support/harness.ts';

const BASE = Date.parse('2026-06-01T00:00:00Z');
const LEASE_MS = 30_000;
/** More runs than one heartbeat statement covers. */
const OPEN_RUNS = 1_200;
const BURST_RUNS = 300;

describe.each(TEST_PROVIDERS)('run heartbeats on $name', (provider) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let store: RunStore;

  beforeAll(async () => {
    ({ database, cleanup } = await provider.open('tickwork_heartbeat'));
    store = new RunStore(database.prisma);
  });

  afterAll(async () => {
    await cleanup();
  });

  beforeEach(async () => {
    await database.prisma.run.deleteMany({});
    await database.prisma.task.deleteMany({});
    await database.prisma.task.createMany({
      data: Array.from({ length: OPEN_RUNS }, (_, index) => ({ id: `task-${index}`, key: `Task${index}`, anchors: '[]' })),
    });
    await database.prisma.run.createMany({
      data: Array.from({ length: OPEN_RUNS }, (_, index) => ({
        id: `run-${index}`,
        taskId: `task-${index}`,
        taskKey: `Task${index}`,
        taskName: `Task ${index}`,
        origin: 'misfire',
        node: 'this-node',
        status: 'Running',
        startedAt: new Date(BASE),
        heartbeatAt: new Date(BASE),
        leaseExpiresAt: new Date(BASE + LEASE_MS),
      })),
    });
  });

  it('extends every lease in one heartbeat', async () => {
    const runs = Array.from({ length: OPEN_RUNS }, (_, index) => ({
      id: `run-${index}`,
      fencingToken: 1,
      progress: index === 7 ? 42 : undefined,
    }));

    const lost = await store.heartbeat(runs, BASE + 10_000, LEASE_MS);

    expect(lost).toEqual([]);
    const extended = await database.prisma.run.count({ where: { leaseExpiresAt: new Date(BASE + 10_000 + LEASE_MS) } });
    expect(extended).toBe(OPEN_RUNS);
    const withProgress = await database.prisma.run.findMany({ where: { progress: { not: null } }, select: { id: true, progress: true } });
    expect(withProgress).toEqual([{ id: 'run-7', progress: 42 }]);
  });

  it('reports runs closed or taken over, and leaves their rows alone', async () => {
    await database.prisma.run.update({
      where: { id: 'run-3' },
      data: { status: 'Aborted', endedAt: new Date(BASE + 5_000), cancelReason: 'leaseExpired', fencingToken: 2 },
    });
    const runs = Array.from({ length: OPEN_RUNS }, (_, index) => ({ id: `run-${index}`, fencingToken: 1 }));

    const lost = await store.heartbeat(runs, BASE + 10_000, LEASE_MS);

    expect(lost).toEqual(['run-3']);
    const closed = await database.prisma.run.findUniqueOrThrow({ where: { id: 'run-3' } });
    expect(closed.leaseExpiresAt?.getTime()).toBe(BASE + LEASE_MS);
    expect(closed.heartbeatAt.getTime()).toBe(BASE);
  });
});

describe.each(TEST_PROVIDERS)('heartbeats during a burst of run starts on $name', (provider) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let engine: Engine | undefined;

  beforeEach(async () => {
    ({ database, cleanup } = await provider.open('tickwork_heartbeat'));
  });

  afterEach(async () => {
    await engine?.stop();
    await cleanup();
  });

  it('do not stop runs whose start is still being written', async () => {
    const clock = new FakeClock('2026-06-01T00:00:00Z');
    const release = deferred();
    const folder = os.tmpdir();
    engine = new Engine({
      database,
      clock,
      timeZone: 'UTC',
      heartbeatMs: 1,
      paths: { data: folder, cache: path.join(folder, 'none'), transcode: path.join(folder, 'none'), logs: path.join(folder, 'none') },
    });
    for (let index = 0; index < BURST_RUNS; index += 1) {
      engine.register(
        defineTask({
          key: `Burst${index}`,
          name: `Burst ${index}`,
          description: 'Waits for the test, or stops when cancelled.',
          category: 'Test',
          defaultTriggers: [],
          execute: (context) => Promise.race([release.promise, untilAborted(context.signal)]),
        }),
      );
    }
    const ended: RunResult[] = [];
    engine.events.on('runEnded', (result) => ended.push(result));
    await engine.start();

    const burst = engine.listTasks().filter((task) => task.key.startsWith('Burst'));
    for (const task of burst) engine.startTask(task.id);
    // Heartbeats come due while the run rows are still being written.
    for (let beat = 0; beat < 20; beat += 1) await clock.advance(1);
    release.resolve();
    await Promise.all(burst.map((task) => (engine as Engine).whenIdle(task.id)));

    expect(ended).toHaveLength(BURST_RUNS);
    expect(ended.filter((result) => result.status !== 'completed')).toEqual([]);
  });
});
