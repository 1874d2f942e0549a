import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';

import { Engine } from '../src/engine.ts';
import { defineTask } from '../src/task-definition.ts';
import { createBuiltInTasks } from '../src/tasks/index.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { HOUR_TICKS, untilAborted } from './support/harness.ts';

const ADMIN_URL = process.env.TICKWORK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const databaseName = `tickwork_engine_${process.pid}_${Date.now()}`;
let url: string;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const target = new URL(ADMIN_URL);
  target.pathname = `/${databaseName}`;
  url = target.toString();
});

afterAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
});

const waiter = defineTask({
  key: 'Waiter',
  name: 'Waiter',
  description: '',
  category: 'Test',
  defaultTriggers: [{ kind: 'interval', intervalTicks: HOUR_TICKS }],
  execute: (context) => untilAborted(context.signal),
});

async function startEngine(clock: FakeClock): Promise<{ engine: Engine; database: Database }> {
  const database = await openDatabase({ url });
  const engine = new Engine({
    database,
    clock,
    timeZone: 'UTC',
    paths: { data: '/tmp', cache: path.join('/tmp', 'tickwork-pg-cache-none'), transcode: '/tmp/none', logs: '/tmp/none' },
  });
  for (const task of [...createBuiltInTasks(), waiter]) engine.register(task);
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

    const second = await startEngine(clock);
    try {
      expect(second.engine.getTask(id)?.triggers).toEqual([{ kind: 'daily', timeOfDayTicks: 0 }]);
      expect(second.engine.getTask(id)?.lastResult?.status).toBe('aborted');
      expect(second.engine.getTask(optimize)?.lastResult?.status).toBe('completed');
    } finally {
      await second.engine.stop();
      await second.database.close();
    }
  });
});
