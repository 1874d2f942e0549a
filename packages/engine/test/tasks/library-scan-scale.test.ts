import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { createBuiltInTasks } from '../../src/tasks/index.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';
import { TestWorld, runTaskToEnd } from '../support/harness.ts';

const FOLDERS = 100;
const FILES_PER_FOLDER = 1000;
const MIB = 1024 * 1024;
let media: string;
let world: TestWorld;

beforeAll(() => {
  media = mkdtempSync(path.join(os.tmpdir(), 'tickwork-scale-'));
  for (let folder = 0; folder < FOLDERS; folder += 1) {
    const directory = path.join(media, `folder-${folder}`);
    mkdirSync(directory);
    for (let index = 0; index < FILES_PER_FOLDER; index += 1) writeFileSync(path.join(directory, `${index}.mkv`), '');
  }
  world = new TestWorld();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
  rmSync(media, { recursive: true, force: true });
});

it('scans 100,000 files with flat memory', async () => {
  const tasks = createBuiltInTasks({ libraries: [{ name: 'Scale', paths: [media] }] });
  const { engine, database } = await world.startEngine(tasks, new FakeClock(Date.now()));
  const scanId = engine.resolveTaskId('RefreshLibrary');
  // Resident memory when the scan's progress passes each tenth; flat memory means no steady climb.
  const rssAtTenths: number[] = [];
  engine.events.on('progress', (event) => {
    if (event.taskId !== scanId) return;
    while (rssAtTenths.length < 9 && event.progress >= (rssAtTenths.length + 1) * 10) {
      rssAtTenths.push(process.memoryUsage().rss);
    }
  });
  const startedAt = performance.now();

  const { result, lines } = await runTaskToEnd(engine, 'RefreshLibrary');

  const seconds = (performance.now() - startedAt) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const climbMiB = (rssAtTenths[8]! - rssAtTenths[1]!) / MIB;
  console.log(
    `100,000-file scan: ${seconds.toFixed(1)} s, ${Math.round(100_000 / seconds)} files/s, ` +
      `peak RSS of the test process ${peakRssMiB.toFixed(0)} MiB, ` +
      `RSS at 10 % … 90 %: ${rssAtTenths.map((rss) => (rss / MIB).toFixed(0)).join(', ')} MiB`,
  );

  expect(result?.status).toBe('completed');
  expect(lines.at(-1)).toBe('Scanned 100000 media files in 1 libraries: 100000 added, 0 updated, 0 removed; skipped 0 hidden entries.');
  expect(await database.prisma.mediaItem.count()).toBe(100_000);
  expect(rssAtTenths).toHaveLength(9);
  // A connection left open per batch (2.5 MiB each, 160 batches) or items kept in memory would climb far past this.
  expect(climbMiB).toBeLessThan(96);
}, 120_000);
