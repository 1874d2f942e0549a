import { afterEach, beforeEach, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';

import { FakeClock } from '../src/testing/fake-clock.ts';
import { TestWorld, eventually } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

it('lists nodes with their lease state', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const { engine } = await world.startEngine([], clock, { node: 'this-node', leaseMs: 30_000 });
  const base = { pid: 1, version: '0.1.0', startedAt: clock.now() - 3_600_000 };
  await engine.nodes.register({ id: 'fresh-node', hostname: 'fresh', ...base, lastSeenAt: clock.now() - 20_000 });
  await engine.nodes.register({ id: 'stale-node', hostname: 'stale', ...base, lastSeenAt: clock.now() - 31_000 });
  await clock.advance(60_000);
  await engine.nodes.register({ id: 'fresh-node', hostname: 'fresh', ...base, lastSeenAt: clock.now() - 20_000 });

  const nodes = await engine.listNodes();

  expect(nodes.map((node) => node.id)).toEqual(['this-node', 'fresh-node', 'stale-node']);
  expect(nodes.map((node) => node.isThisNode)).toEqual([true, false, false]);
  expect(nodes.map((node) => node.leaseIsCurrent)).toEqual([true, true, false]);
  // This node is listed as seen at the time of the request, not at its last sweep.
  expect(nodes[0]?.lastSeenAt).toBe(clock.now());
  expect(nodes[0]?.startedAt).toBe(clock.now() - 60_000);
});

it('removes its own row at stop', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const { engine } = await world.startEngine([], clock, { node: 'this-node' });
  expect((await engine.nodes.list()).map((node) => node.id)).toEqual(['this-node']);

  await world.stopEngine(engine);

  const database = await openDatabase({ url: world.databaseUrl, migrate: false });
  try {
    expect(await database.prisma.node.count()).toBe(0);
  } finally {
    await database.close();
  }
});

it('removes rows of earlier processes at start on SQLite', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const first = await world.startEngine([], clock, { node: 'crashed-node' });
  // A crash: the database is left without the engine stopping, so the row stays.
  await first.database.close();
  const { engine } = await world.startEngine([], clock, { node: 'this-node' });

  const nodes = await engine.listNodes();

  expect(nodes.map((node) => node.id)).toEqual(['this-node']);
});

it('refreshes last seen every sweep on SQLite', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const { engine } = await world.startEngine([], clock, { node: 'this-node', sweepMs: 10_000 });
  const startedAt = clock.now();

  await clock.advance(25_000);
  await eventually(async () => (await engine.nodes.list())[0]?.lastSeenAt === startedAt + 20_000);

  const [stored] = await engine.nodes.list();
  expect(stored?.startedAt).toBe(startedAt);
  expect(stored?.lastSeenAt).toBe(startedAt + 20_000);
});

it('writes its row again when it was deleted', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const { engine } = await world.startEngine([], clock, { node: 'this-node', sweepMs: 10_000 });
  await engine.nodes.remove('this-node');

  await clock.advance(10_000);
  await eventually(async () => (await engine.nodes.list()).length === 1);

  const [stored] = await engine.nodes.list();
  expect(stored?.id).toBe('this-node');
  expect(stored?.lastSeenAt).toBe(clock.now());
});
