import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';
import { createTestDatabase } from '@tickwork/db/testing';
import type { TestDatabase } from '@tickwork/db/testing';

import { SystemClock } from '../src/clock.ts';
import { Engine } from '../src/engine.ts';
import { silentLogger } from '../src/logger.ts';
import type { EngineLogger } from '../src/logger.ts';
import { defineTask } from '../src/task-definition.ts';
import type { TaskDefinition } from '../src/task-definition.ts';
import { createBuiltInTasks } from '../src/tasks/index.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { HOUR_TICKS, deferred, eventually, untilAborted } from './support/harness.ts';

let testDatabase: TestDatabase;
let url: string;

beforeAll(async () => {
  testDatabase = await createTestDatabase('tickwork_engine');
  url = testDatabase.url;
});

afterAll(async () => {
  await testDatabase?.drop();
});

const waiter = defineTask({
  key: 'Waiter',
  name: 'Waiter',
  description: '',
  category: 'Test',
  defaultTriggers: [{ kind: 'interval', intervalTicks: HOUR_TICKS }],
  execute: (context) => untilAborted(context.signal),
});

async function startEngine(clock: FakeClock, tasks = [...createBuiltInTasks(), waiter], node?: string): Promise<{ engine: Engine; database: Database }> {
  const database = await openDatabase({ url });
  const engine = new Engine({
    database,
    clock,
    node,
    timeZone: 'UTC',
    paths: { data: '/tmp', cache: path.join('/tmp', 'tickwork-pg-cache-none'), transcode: '/tmp/none', logs: '/tmp/none' },
  });
  for (const task of tasks) engine.register(task);
  await engine.start();
  return { engine, database };
}

describe('the engine on PostgreSQL', () => {
  it('records runs, keeps triggers and closes a crashed run as Aborted', async () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const first = await startEngine(clock);
    const id = first.engine.resolveTaskId('Waiter') as string;
    await first.engine.setTriggers(id, [{ kind: 'daily', timeOfDayTicks: 0 }]);
    const optimize = first.engine.resolveTaskId('OptimizeDatabaseTask') as string;
    first.engine.startTask(optimize);
    await first.engine.whenIdle(optimize);
    expect(first.engine.getTask(optimize)?.lastResult?.status).toBe('completed');

    first.engine.startTask(id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Simulate a crash: drop the engine without stopping it.
    await first.database.close();

    // A clock of its own: the first engine's clock does not move, like a dead process's.
    const later = new FakeClock(clock.now());
    const second = await startEngine(later);
    try {
      expect(second.engine.getTask(id)?.triggers).toEqual([{ kind: 'daily', timeOfDayTicks: 0 }]);
      // The crashed run keeps its lease (30 s) until a sweep (every 10 s) finds it expired.
      expect(second.engine.getTask(id)?.lastResult).toBeUndefined();
      for (let step = 0; step < 4; step += 1) {
        await later.advance(10_000);
        // Let each sweep's queries reach PostgreSQL before the next one is due.
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      await eventually(() => second.engine.getTask(id)?.lastResult?.status === 'aborted');
      const run = await second.database.prisma.run.findFirstOrThrow({ where: { taskId: id } });
      expect(run.cancelReason).toBe('leaseExpired');
      expect(run.fencingToken).toBe(2);
      expect(second.engine.getTask(optimize)?.lastResult?.status).toBe('completed');
    } finally {
      await second.engine.stop();
      await second.database.close();
    }
  });
});

describe('two engines on one PostgreSQL database', () => {
  it('run every scheduled fire exactly once', async () => {
    const ticker = defineTask({
      key: 'Ticker',
      name: 'Ticker',
      description: '',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: 600_000_000 }],
      execute: () => {},
    });
    const start = '2026-12-05T10:00:00Z';
    const clockA = new FakeClock(start);
    const clockB = new FakeClock(start);
    const a = await startEngine(clockA, [ticker], 'node-a');
    const b = await startEngine(clockB, [ticker], 'node-b');
    try {
      // Both nodes see the same ten fires, a minute apart; they take turns being first.
      for (let minute = 1; minute <= 10; minute += 1) {
        const [first, second] = minute % 2 === 0 ? [clockA, clockB] : [clockB, clockA];
        await first.advance(60_000);
        await second.advance(60_000);
        const id = a.engine.resolveTaskId('Ticker') as string;
        // Claims travel to PostgreSQL and back, which the fake clock does not wait for.
        for (const node of [a, b]) await node.engine.whenFiresClaimed();
        await a.engine.whenIdle(id);
        await b.engine.whenIdle(id);
      }

      const runs = await a.database.prisma.run.findMany({ where: { taskKey: 'Ticker' }, orderBy: { startedAt: 'asc' } });
      expect(runs).toHaveLength(10);
      expect(new Set(runs.map((run) => run.node))).toEqual(new Set(['node-a', 'node-b']));
      const claims = await a.database.prisma.fireClaim.count();
      expect(claims).toBe(10);
    } finally {
      for (const node of [a, b]) {
        await node.engine.stop();
        await node.database.close();
      }
    }
  });

  it('refuse a second open run of one task in the database', async () => {
    const database = await openDatabase({ url });
    try {
      const task = await database.prisma.task.findFirstOrThrow({ where: { key: 'Ticker' } });
      const open = (id: string) => ({
        id,
        taskId: task.id,
        taskKey: 'Ticker',
        taskName: 'Ticker',
        origin: 'manual',
        node: 'test',
        status: 'Running',
        startedAt: new Date(),
        heartbeatAt: new Date(),
      });
      await database.prisma.run.create({ data: open('open-1') });

      await expect(database.prisma.run.create({ data: open('open-2') })).rejects.toMatchObject({ code: 'P2002' });
    } finally {
      await database.close();
    }
  });
});

describe('a stalled node on PostgreSQL', () => {
  it('cannot finish a run another node closed after its lease expired', async () => {
    const release = deferred();
    const slow = defineTask({
      key: 'Stalled',
      name: 'Stalled',
      description: '',
      category: 'Test',
      execute: () => release.promise,
    });
    const start = '2026-12-06T10:00:00Z';
    const clockA = new FakeClock(start);
    const clockB = new FakeClock(start);
    const a = await startEngine(clockA, [slow], 'stalled-a');
    const b = await startEngine(clockB, [slow], 'sweeper-b');
    try {
      const id = a.engine.resolveTaskId('Stalled') as string;
      a.engine.startTask(id);
      await eventually(async () => (await a.database.prisma.run.count({ where: { taskId: id, endedAt: null } })) === 1);

      // Node A is frozen (no heartbeats) while node B's sweeps pass the 30 s lease.
      for (let step = 0; step < 5; step += 1) {
        await clockB.advance(10_000);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      await eventually(async () => (await b.database.prisma.run.findFirst({ where: { taskId: id } }))?.status === 'Aborted');

      // Node A wakes up: its body returns, but its write no longer matches the fenced row.
      release.resolve();
      await a.engine.whenIdle(id);

      const run = await a.database.prisma.run.findFirstOrThrow({ where: { taskId: id } });
      expect(run.status).toBe('Aborted');
      expect(run.cancelReason).toBe('leaseExpired');
      expect(run.fencingToken).toBe(2);
      expect(a.engine.getTask(id)?.lastResult?.status).toBe('aborted');
      expect(b.engine.getTask(id)?.lastResult?.status).toBe('aborted');
    } finally {
      for (const node of [a, b]) {
        await node.engine.stop();
        await node.database.close();
      }
    }
  });

  it('stops its run when a heartbeat finds the run taken over', async () => {
    const waiting = defineTask({
      key: 'Fenced',
      name: 'Fenced',
      description: '',
      category: 'Test',
      execute: (context) => untilAborted(context.signal),
    });
    const clock = new FakeClock('2026-12-07T10:00:00Z');
    const node = await startEngine(clock, [waiting], 'fenced-a');
    try {
      const id = node.engine.resolveTaskId('Fenced') as string;
      node.engine.startTask(id);
      await eventually(async () => (await node.database.prisma.run.count({ where: { taskId: id, endedAt: null } })) === 1);
      // Another node takes the run over, as its sweeper would.
      await node.database.prisma.run.updateMany({
        where: { taskId: id, endedAt: null },
        data: { status: 'Aborted', endedAt: new Date(clock.now()), cancelReason: 'leaseExpired', fencingToken: 2 },
      });

      await clock.advance(10_000);
      await node.engine.whenIdle(id);

      expect(node.engine.getTask(id)?.lastResult?.status).toBe('aborted');
      expect(node.engine.getTask(id)?.lastResult?.cancelReason).toBe('leaseExpired');
    } finally {
      await node.engine.stop();
      await node.database.close();
    }
  });
});

describe('two live engines on PostgreSQL', () => {
  it('share run state, progress, stops and trigger changes through notifications', async () => {
    const worker = defineTask({
      key: 'Shared',
      name: 'Shared',
      description: '',
      category: 'Test',
      async execute(context) {
        for (let step = 1; step <= 1000; step += 1) {
          context.signal.throwIfAborted();
          context.reportProgress(step / 10);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    });
    const startLive = async (node: string) => {
      const database = await openDatabase({ url });
      const engine = new Engine({
        database,
        node,
        timeZone: 'UTC',
        paths: { data: '/tmp', cache: '/tmp/none', transcode: '/tmp/none', logs: '/tmp/none' },
      });
      engine.register(worker);
      await engine.start();
      return { engine, database };
    };
    const a = await startLive('live-a');
    const b = await startLive('live-b');
    const seenOnB: string[] = [];
    b.engine.events.on('progress', () => seenOnB.push('progress'));
    b.engine.events.on('runEnded', (result) => seenOnB.push(`ended:${result.status}`));
    try {
      const id = a.engine.resolveTaskId('Shared') as string;
      expect(a.engine.startTask(id)).toBe('started');

      await eventually(() => b.engine.getTask(id)?.state === 'running' && (b.engine.getTask(id)?.progress ?? 0) > 0);
      expect(b.engine.startTask(id)).toBe('busy');
      const stopAt = Date.now();
      expect(b.engine.stopTask(id)).toBe('cancelling');
      await a.engine.whenIdle(id);
      const stoppedWithinMs = Date.now() - stopAt;
      await eventually(() => b.engine.getTask(id)?.state === 'idle');

      expect(stoppedWithinMs).toBeLessThan(1000);
      expect(a.engine.getTask(id)?.lastResult?.status).toBe('cancelled');
      expect(b.engine.getTask(id)?.lastResult?.status).toBe('cancelled');
      expect(seenOnB).toContain('progress');
      expect(seenOnB.at(-1)).toBe('ended:cancelled');

      await b.engine.setTriggers(id, [{ kind: 'daily', timeOfDayTicks: 36_000_000_000 }]);
      await eventually(() => a.engine.getTask(id)?.triggers[0]?.kind === 'daily');
      expect(a.engine.nextFireTimes(id)).toEqual(b.engine.nextFireTimes(id));
    } finally {
      for (const node of [a, b]) {
        await node.engine.stop();
        await node.database.close();
      }
    }
  });
});

describe('due checks on database time', () => {
  /** The system clock, set 20 s ahead of the database server's, as on a host whose time drifted. */
  class AheadClock extends SystemClock {
    override now(): number {
      return super.now() + 20_000;
    }
  }

  async function startWithAheadClock(alignClockToDatabase: boolean, tasks: TaskDefinition[]) {
    const database = await openDatabase({ url });
    const warnings: Array<{ fields: object; message?: string }> = [];
    const logger: EngineLogger = {
      ...silentLogger,
      warn: (fields, message) => warnings.push({ fields, message }),
      child: () => logger,
    };
    const engine = new Engine({
      database,
      clock: new AheadClock(),
      alignClockToDatabase,
      logger,
      node: `ahead-${alignClockToDatabase}`,
      startupDelayMs: 0,
      timeZone: 'UTC',
      paths: { data: '/tmp', cache: '/tmp/none', transcode: '/tmp/none', logs: '/tmp/none' },
    });
    for (const task of tasks) engine.register(task);
    await engine.start();
    return { engine, database, warnings };
  }

  it('fires and records runs on the database server’s time when the node’s clock is ahead', async () => {
    const ticker = defineTask({
      key: 'AheadTicker',
      name: 'Ahead ticker',
      description: '',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: 10_000_000 }],
      execute: async () => {},
    });
    const node = await startWithAheadClock(true, [ticker]);
    try {
      // The engine reads the database's time (this host's real time), not the clock 20 s ahead.
      expect(Math.abs(node.engine.clock.now() - Date.now())).toBeLessThan(1000);
      expect(node.warnings.some(({ fields }) => Math.abs((fields as { skewMs: number }).skewMs - 20_000) < 1000)).toBe(true);

      const id = node.engine.resolveTaskId('AheadTicker') as string;
      await eventually(() => node.engine.getTask(id)?.lastResult !== undefined, 10_000);
      const run = await node.database.prisma.run.findFirstOrThrow({ where: { taskId: id } });
      // Stored on the database's time: a run recorded on the node's own clock would start 20 s in the future.
      expect(Math.abs(run.startedAt.getTime() - Date.now())).toBeLessThan(3000);
    } finally {
      await node.engine.stop();
      await node.database.close();
    }
  });

  it('keeps the node’s own clock when alignment is turned off', async () => {
    const node = await startWithAheadClock(false, [waiter]);
    try {
      expect(node.engine.clock.now() - Date.now()).toBeGreaterThan(19_000);
    } finally {
      await node.engine.stop();
      await node.database.close();
    }
  });
});

describe('per-node tasks on PostgreSQL', () => {
  it('run their own copy on every node', async () => {
    const release = deferred();
    const started: string[] = [];
    const local = defineTask({
      key: 'LocalSweep',
      name: 'Local sweep',
      description: '',
      category: 'Test',
      scope: 'node',
      defaultTriggers: [{ kind: 'interval', intervalTicks: 600_000_000 }],
      execute: async () => {
        started.push('local');
        await release.promise;
      },
    });
    const shared = defineTask({
      key: 'SharedSweep',
      name: 'Shared sweep',
      description: '',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: 600_000_000 }],
      execute: () => {},
    });
    const start = '2026-12-06T10:00:00Z';
    const clockA = new FakeClock(start);
    const clockB = new FakeClock(start);
    const a = await startEngine(clockA, [local, shared], 'local-a');
    const b = await startEngine(clockB, [local, shared], 'local-b');
    try {
      const localId = a.engine.resolveTaskId('LocalSweep') as string;
      const sharedId = a.engine.resolveTaskId('SharedSweep') as string;
      await clockA.advance(60_000);
      await clockB.advance(60_000);
      for (const node of [a, b]) await node.engine.whenFiresClaimed();

      // Both copies of the per-node task run at once; the unique index allows one open run per node.
      await eventually(() => started.length === 2);
      expect(a.engine.getTask(localId)?.state).toBe('running');
      expect(b.engine.getTask(localId)?.state).toBe('running');
      const open = await a.database.prisma.run.findMany({ where: { taskKey: 'LocalSweep', endedAt: null } });
      expect(new Set(open.map((run) => run.node))).toEqual(new Set(['local-a', 'local-b']));
      expect(new Set(open.map((run) => run.nodeScope))).toEqual(new Set(['local-a', 'local-b']));

      // A node's copy ends on its own; the other node's copy does not change this node's view.
      release.resolve();
      await a.engine.whenIdle(localId);
      await b.engine.whenIdle(localId);
      await a.engine.whenIdle(sharedId);
      await b.engine.whenIdle(sharedId);
      expect(a.engine.getTask(localId)?.lastResult?.status).toBe('completed');

      // The cluster-wide task ran once for the same fire; the per-node task claimed nothing.
      expect(await a.database.prisma.run.count({ where: { taskKey: 'SharedSweep' } })).toBe(1);
      expect(await a.database.prisma.run.count({ where: { taskKey: 'LocalSweep' } })).toBe(2);
      expect(await a.database.prisma.fireClaim.count({ where: { taskId: localId } })).toBe(0);
    } finally {
      release.resolve();
      for (const node of [a, b]) {
        await node.engine.stop();
        await node.database.close();
      }
    }
  });

  it('reject a scope other than cluster or node', () => {
    expect(() =>
      defineTask({ key: 'Bad', name: 'Bad', description: '', category: 'Test', scope: 'host' as 'node', execute: () => {} }),
    ).toThrow('scope must be "cluster" or "node", not "host".');
  });
});

describe('interval triggers in a cluster', () => {
  it('count from the last scheduled instant, not the run end', async () => {
    const release = deferred();
    const slow = defineTask({
      key: 'GridSlow',
      name: 'Grid slow',
      description: '',
      category: 'Test',
      defaultTriggers: [{ kind: 'interval', intervalTicks: 600_000_000 }],
      execute: () => release.promise,
    });
    const clock = new FakeClock('2026-12-08T10:00:00Z');
    const node = await startEngine(clock, [slow], 'grid-a');
    try {
      const id = node.engine.resolveTaskId('GridSlow') as string;
      const firstFire = clock.now() + 60_000;
      expect(node.engine.nextFireTimes(id)).toEqual([firstFire]);
      await clock.advance(60_000);
      await node.engine.whenFiresClaimed();
      await eventually(() => node.engine.getTask(id)?.state === 'running');

      // The run lasts 20 s; on one SQLite server the next fire would be 60 s after its end.
      await clock.advance(20_000);
      release.resolve();
      await node.engine.whenIdle(id);
      expect(node.engine.getTask(id)?.lastResult?.endedAt).toBe(firstFire + 20_000);
      expect(node.engine.nextFireTimes(id)).toEqual([firstFire + 60_000]);
    } finally {
      release.resolve();
      await node.engine.stop();
      await node.database.close();
    }
  });
});

describe('the node registry on PostgreSQL', () => {
  it('keeps a crashed node for a day, then removes it', async () => {
    const clock = new FakeClock('2026-12-20T10:00:00Z');
    const hour = 3_600_000;
    const database = await openDatabase({ url });
    const crashed = (id: string, lastSeenAt: number) =>
      database.prisma.node.create({
        data: { id, hostname: 'gone', pid: 1, version: '0.1.0', startedAt: new Date(lastSeenAt - hour), lastSeenAt: new Date(lastSeenAt) },
      });
    await crashed('registry-old', clock.now() - 25 * hour);
    await crashed('registry-aging', clock.now() - 24 * hour + 5_000);
    await crashed('registry-recent', clock.now() - hour);
    const ids = async () =>
      (await database.prisma.node.findMany({ where: { id: { startsWith: 'registry-' } }, orderBy: { id: 'asc' } })).map((node) => node.id);

    const node = await startEngine(clock, [], 'registry-live');
    try {
      expect(await ids()).toEqual(['registry-aging', 'registry-live', 'registry-recent']);
      const listed = await node.engine.listNodes();
      expect(listed.find((entry) => entry.id === 'registry-recent')?.leaseIsCurrent).toBe(false);

      // The first sweep, 10 s after start, finds the aging node unseen for more than a day.
      await clock.advance(10_000);
      await eventually(async () => !(await ids()).includes('registry-aging'));
      expect(await ids()).toEqual(['registry-live', 'registry-recent']);
    } finally {
      await node.engine.stop();
      await node.database.close();
    }

    // A clean stop removes the node's own row.
    expect(await ids()).toEqual(['registry-recent']);
    await database.close();
  });
});
