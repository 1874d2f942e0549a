import { afterEach, beforeEach, expect, it } from 'vitest';

import { FakeClock } from '../src/testing/fake-clock.ts';
import { TestWorld } from './support/harness.ts';

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
  // This node never sweeps on SQLite, so it is listed as seen at the time of the request.
  expect(nodes[0]?.lastSeenAt).toBe(clock.now());
  expect(nodes[0]?.startedAt).toBe(clock.now() - 60_000);
});
