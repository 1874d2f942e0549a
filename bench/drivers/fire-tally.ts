import type { FireResult } from './types.ts';

/** One scheduled fire: a task (scheduler, crontab item) and the instant it was due, in ms since the epoch. */
export interface ScheduledFire {
  task: string;
  instant: number;
}

/**
 * Counts the job bodies that started for the fires of a recording window and
 * turns them into a FireResult. A fire is known by its task and its scheduled
 * instant, so a second body for the same pair is a duplicate, and an expected
 * pair with no body is a miss.
 */
export class FireTally {
  /** Bodies started per fire, keyed `task@instant`, for fires due inside the window. */
  private readonly starts = new Map<string, number>();
  private readonly lateness: number[] = [];
  private unexpectedCount = 0;
  private readonly expectedKeys: Set<string>;

  /**
   * @param windowStart first instant recorded (inclusive), ms since the epoch
   * @param windowEnd end of the recording window (exclusive), ms since the epoch
   * @param expected every fire due inside the window
   */
  constructor(
    readonly windowStart: number,
    readonly windowEnd: number,
    expected: ScheduledFire[],
  ) {
    this.expectedKeys = new Set(expected.map(keyOf));
  }

  /** Records a job body that started at `startedAt` (from `preciseNow()`) for a fire. */
  recordStart(fire: ScheduledFire, startedAt: number): void {
    if (fire.instant < this.windowStart || fire.instant >= this.windowEnd) return;

    const key = keyOf(fire);
    if (!this.expectedKeys.has(key)) this.unexpectedCount += 1;
    this.starts.set(key, (this.starts.get(key) ?? 0) + 1);
    this.lateness.push(startedAt - fire.instant);
  }

  /** Expected fires that have not started a body yet. */
  pending(): number {
    let pending = 0;
    for (const key of this.expectedKeys) if (!this.starts.has(key)) pending += 1;
    return pending;
  }

  /** Bodies that started for an instant inside the window that the schedule did not predict. */
  unexpected(): number {
    return this.unexpectedCount;
  }

  result(): FireResult {
    let duplicates = 0;
    for (const count of this.starts.values()) if (count > 1) duplicates += 1;
    const seconds = (this.windowEnd - this.windowStart) / 1000;
    return {
      lateness: [...this.lateness],
      missed: this.pending(),
      duplicates,
      firesPerSecond: this.starts.size / seconds,
    };
  }
}

function keyOf(fire: ScheduledFire): string {
  return `${fire.task}@${fire.instant}`;
}

/** Throws a RangeError unless `value` is a whole number of at least `min`. */
export function assertWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`invalid ${name} ${value}: expected a whole number of at least ${min}`);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Waits until `done()` returns true or `timeoutMs` passes, checking every
 * `everyMs`. Returns whether `done()` returned true.
 */
export async function waitFor(done: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
