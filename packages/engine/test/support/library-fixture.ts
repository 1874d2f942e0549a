import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { createBuiltInTasks } from '../../src/tasks/index.ts';
import type { BuiltInTaskOptions } from '../../src/tasks/index.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';
import { runTaskToEnd } from './harness.ts';
import type { TestWorld } from './harness.ts';

/** Copies a generated sample file to `relative` under the media folder and returns its path. */
export function placeSample(samples: string, media: string, sample: string, relative: string): string {
  const file = path.join(media, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(path.join(samples, sample), file);
  return file;
}

/** Starts an engine with the built-in tasks and one library on `media`, and scans it once. */
export async function startWithScannedLibrary(world: TestWorld, media: string, options: BuiltInTaskOptions = {}) {
  const tasks = createBuiltInTasks({ libraries: [{ name: 'All', paths: [media] }], ...options });
  const started = await world.startEngine(tasks, new FakeClock(Date.now()));
  await runTaskToEnd(started.engine, 'RefreshLibrary');
  return started;
}
