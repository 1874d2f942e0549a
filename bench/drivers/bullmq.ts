/**
 * Measures BullMQ, a peer of Tickwork, with the same scenarios as Tickwork's
 * drivers: job schedulers on a fixed interval (fire precision) and a burst of
 * enqueued no-op jobs (throughput). Redis is the one on 127.0.0.1:6379. Every
 * key lives under the `bench_peers` prefix in a queue of its own, which is
 * obliterated at the end, also when the measurement fails.
 *
 * The Queue (producer) and the Worker run in this process, so the job body's
 * start is read with the same `preciseNow()` clock as every other system.
 */
import { randomBytes } from 'node:crypto';

import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';

import { preciseNow } from '../stats.ts';
import { assertWholeNumber, FireTally, sleep, waitFor } from './fire-tally.ts';
import type { ScheduledFire } from './fire-tally.ts';
import type { FireResult, FireScenario, ThroughputResult, ThroughputScenario } from './types.ts';

export interface DriverOptions {
  log(message: string): void;
}

const REDIS = { host: '127.0.0.1', port: 6379 } as const;

/** Redis key prefix of every queue the drivers create (BullMQ's default is `bull`). */
const KEY_PREFIX = 'bench_peers';

/**
 * Worker concurrency for the fire scenario. 1,000 schedulers on a 10 s
 * interval make 100 fires a second with phases 10 ms apart, and a no-op body
 * occupies its slot for about a millisecond, so 100 slots leave no due job waiting.
 */
export const FIRE_WORKER_CONCURRENCY = 100;

/** Worker concurrency for the throughput scenario. */
export const THROUGHPUT_WORKER_CONCURRENCY = 100;

/**
 * Time from the start of creating the schedulers to the first phase, so that
 * every scheduler exists before its first instant: BullMQ moves a start date
 * that has passed to "now", which would break the even spread. The lead is
 * 1 s plus 1 ms per scheduler, and creating 1,000 took 0.14 to 0.39 s on
 * the benchmark machine.
 */
const FIRST_PHASE_LEAD_MS = { base: 1_000, perTask: 1 } as const;

/** How long after the window closes a due fire may still start before it counts as missed. */
const LATE_FIRE_GRACE_MS = 5_000;

/** How long a throughput run may take before the driver gives up: 60 s plus 10 ms per job. */
const THROUGHPUT_TIMEOUT_MS = { base: 60_000, perRun: 10 } as const;

/**
 * Job schedulers (`Queue#upsertJobScheduler` with `every`) whose phases are
 * spread evenly over the interval.
 *
 * Phases: BullMQ's `every` schedulers accept an `offset` within slots of
 * `every` ms counted from the epoch, or a `startDate`. The driver uses
 * `startDate` because it names the first instant directly. Each later
 * iteration is due `every` ms after the previous one: the Lua script
 * `getJobSchedulerEveryNextMillis` adds `every` to the previous instant. When
 * BullMQ falls behind, it realigns to the same phase, which it stores as the
 * scheduler's `offset`. Scheduler i starts at
 * `firstPhase + round(i × interval / tasks)`. The phases are read back from
 * Redis afterwards, so a scheduler whose start date had already passed is
 * expected on the phase BullMQ actually gave it.
 *
 * Scheduled instant: BullMQ names each iteration's job
 * `repeat:<schedulerId>:<instant>`, where `<instant>` is the millisecond the
 * iteration is due (`nextMillis` in its scripts). The same id is how it keeps
 * an iteration from being created twice. `job.timestamp` is when the job was
 * created (an interval earlier, when the previous iteration started), and
 * `job.delay` reads 0 once a delayed job has been promoted. So neither gives
 * the instant, and the id is the one field that does.
 *
 * BullMQ creates the next iteration when the current one is moved to active,
 * before the body runs. That round trip is part of the measured lateness, as
 * it is for any BullMQ user.
 */
export async function measureBullmqFires(scenario: FireScenario, options: DriverOptions): Promise<FireResult> {
  const { tasks, intervalMs, durationMs, warmUpMs } = scenario;
  assertWholeNumber('tasks', tasks, 1);
  assertWholeNumber('intervalMs', intervalMs, 1);
  assertWholeNumber('durationMs', durationMs, 1);
  assertWholeNumber('warmUpMs', warmUpMs, 0);
  const name = `fires_${randomBytes(4).toString('hex')}`;
  const connection = new Redis({ ...REDIS, maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix: KEY_PREFIX });
  let worker: Worker | undefined;

  try {
    const createdAt = Date.now();
    const firstPhase = createdAt + FIRST_PHASE_LEAD_MS.base + FIRST_PHASE_LEAD_MS.perTask * tasks;
    const windowStart = createdAt + warmUpMs;
    const windowEnd = windowStart + durationMs;
    options.log(`bullmq: ${tasks} schedulers every ${intervalMs} ms in queue ${KEY_PREFIX}:${name}`);

    const schedulerIds = Array.from({ length: tasks }, (_, index) => `task-${index}`);
    await Promise.all(
      schedulerIds.map((id, index) =>
        queue.upsertJobScheduler(id, {
          every: intervalMs,
          startDate: firstPhase + Math.round((index * intervalMs) / tasks),
        }),
      ),
    );
    const creationMs = Date.now() - createdAt;
    options.log(`bullmq: schedulers created in ${creationMs} ms`);

    const expected = await expectedFires(queue, schedulerIds, intervalMs, windowStart, windowEnd, options);
    const tally = new FireTally(windowStart, windowEnd, expected);

    worker = new Worker(
      name,
      async (job: Job) => {
        const startedAt = preciseNow();
        tally.recordStart({ task: job.repeatJobKey ?? '', instant: scheduledInstantOf(job) }, startedAt);
      },
      { connection, prefix: KEY_PREFIX, concurrency: FIRE_WORKER_CONCURRENCY },
    );
    worker.on('error', (error) => options.log(`bullmq: worker error: ${error.message}`));
    await worker.waitUntilReady();

    await sleep(windowEnd - Date.now());
    const allStarted = await waitFor(() => tally.pending() === 0, LATE_FIRE_GRACE_MS);
    if (!allStarted) options.log(`bullmq: ${tally.pending()} fires not started ${LATE_FIRE_GRACE_MS} ms after the window`);
    if (tally.unexpected() > 0) options.log(`bullmq: ${tally.unexpected()} bodies started for instants off their phase`);

    return tally.result();
  } finally {
    await removeQueue(queue, worker, connection, options);
  }
}

/**
 * Enqueues `runs` no-op jobs, one `Queue#add` call each, all issued at once
 * (ioredis pipelines them on one connection), and times from the first add
 * until the Worker reports the last job completed.
 *
 * Completed jobs stay in Redis, BullMQ's default (`removeOnComplete` unset):
 * that is what a user gets without tuning, and it costs BullMQ one write per
 * job that Tickwork's run history also pays. The queue is obliterated after.
 */
export async function measureBullmqThroughput(
  scenario: ThroughputScenario,
  options: DriverOptions,
): Promise<ThroughputResult> {
  const { runs } = scenario;
  assertWholeNumber('runs', runs, 1);
  const name = `throughput_${randomBytes(4).toString('hex')}`;
  const connection = new Redis({ ...REDIS, maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix: KEY_PREFIX });
  let worker: Worker | undefined;

  try {
    let completed = 0;
    let failed = 0;
    let lastCompletedAt = Number.NaN;
    worker = new Worker(name, async () => undefined, {
      connection,
      prefix: KEY_PREFIX,
      concurrency: THROUGHPUT_WORKER_CONCURRENCY,
    });
    worker.on('completed', () => {
      completed += 1;
      lastCompletedAt = preciseNow();
    });
    worker.on('failed', (_job, error) => {
      failed += 1;
      options.log(`bullmq: job failed: ${error.message}`);
    });
    worker.on('error', (error) => options.log(`bullmq: worker error: ${error.message}`));
    await worker.waitUntilReady();
    options.log(`bullmq: adding ${runs} jobs to queue ${KEY_PREFIX}:${name}`);

    const startedAt = preciseNow();
    await Promise.all(Array.from({ length: runs }, (_, index) => queue.add('noop', { index })));

    const timeoutMs = THROUGHPUT_TIMEOUT_MS.base + THROUGHPUT_TIMEOUT_MS.perRun * runs;
    const finished = await waitFor(() => completed + failed >= runs, timeoutMs, 5);
    if (!finished) options.log(`bullmq: timed out after ${timeoutMs} ms with ${completed} of ${runs} jobs complete`);

    const seconds = (lastCompletedAt - startedAt) / 1000;
    return { completed, seconds, runsPerSecond: completed / seconds };
  } finally {
    await removeQueue(queue, worker, connection, options);
  }
}

/**
 * Lists the fires due inside the window, from the schedulers as BullMQ stored them:
 * instants on each scheduler's phase (its `offset`, the start date modulo the
 * interval), from its start date on.
 */
async function expectedFires(
  queue: Queue,
  schedulerIds: string[],
  intervalMs: number,
  windowStart: number,
  windowEnd: number,
  options: DriverOptions,
): Promise<ScheduledFire[]> {
  const expected: ScheduledFire[] = [];
  let shifted = 0;

  const schedulers = await Promise.all(schedulerIds.map((id) => queue.getJobScheduler(id)));
  for (const [index, id] of schedulerIds.entries()) {
    const scheduler = schedulers[index];
    if (scheduler?.startDate === undefined) throw new Error(`scheduler ${id} not found in Redis, or missing its start date`);

    const intendedPhase = modulo(scheduler.startDate, intervalMs);
    const phase = scheduler.offset ?? intendedPhase;
    if (phase !== intendedPhase) shifted += 1;

    const from = Math.max(windowStart, scheduler.startDate);
    let instant = from + modulo(phase - from, intervalMs);
    for (; instant < windowEnd; instant += intervalMs) expected.push({ task: id, instant });
  }

  if (shifted > 0) options.log(`bullmq: ${shifted} schedulers were created after their start date; their phase moved`);
  return expected;
}

/** Returns the instant a scheduler's job was due: the `<instant>` of its id `repeat:<schedulerId>:<instant>`. */
function scheduledInstantOf(job: Job): number {
  const id = job.id ?? '';
  const instant = Number(id.slice(id.lastIndexOf(':') + 1));
  if (!id.startsWith('repeat:') || !Number.isInteger(instant)) {
    throw new Error(`invalid job id ${id}: expected repeat:<schedulerId>:<instant> from a job scheduler`);
  }
  return instant;
}

/**
 * Closes the worker (which stops it creating iterations), obliterates the
 * queue, checks that no key of it is left, and closes the connection. Each
 * step runs even when an earlier one fails, and failures are logged rather
 * than thrown, so they do not hide the error of the measurement itself.
 */
async function removeQueue(queue: Queue, worker: Worker | undefined, connection: Redis, options: DriverOptions) {
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['close the worker', async () => worker?.close()],
    ['obliterate the queue', () => queue.obliterate({ force: true })],
    ['delete leftover keys', () => deleteKeys(connection, `${KEY_PREFIX}:${queue.name}:*`, options)],
    ['close the queue', () => queue.close()],
    ['close the connection', () => connection.quit()],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      options.log(`bullmq: failed to ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function deleteKeys(connection: Redis, pattern: string, options: DriverOptions): Promise<void> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await connection.del(...keys);
  } while (cursor !== '0');
  if (deleted > 0) options.log(`bullmq: deleted ${deleted} keys that obliterate left under ${pattern}`);
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
