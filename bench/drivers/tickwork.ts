/**
 * Measures Tickwork itself: how late scheduled fires start, how many manual
 * runs per second it completes, and what a cluster of nodes sustains. Every
 * figure comes from real server processes on a real database.
 */
import { analyzeFires } from './fire-analysis.ts';
import type { FireData, TickworkFireResult } from './fire-analysis.ts';
import { TickworkNodes } from './tickwork-nodes.ts';
import type { TickworkNodeOptions } from './tickwork-nodes.ts';
import { benchTaskKey, readFireRecords } from './tickwork-plugin.ts';
import { preciseNow } from '../stats.ts';
import type { FireScenario, ThroughputResult, ThroughputScenario } from './types.ts';

export type { TickworkFireResult } from './fire-analysis.ts';
export type { TickworkNodeOptions } from './tickwork-nodes.ts';

/** Trigger lists stored per second while the phases are spread; faster would queue in the server. */
const TRIGGER_STORES_PER_SECOND = 200;

/** How long after a window ends the driver waits, so that fires due just before its end are recorded. */
const SETTLE_MS = 3000;

export interface TickworkFireOptions extends TickworkNodeOptions {
  /** Consecutive windows of scenario.durationMs recorded from one server start (default 1). */
  windows?: number;
}

/**
 * Measures scheduled fires: starts the nodes, stores an interval trigger on
 * every bench task with the phases spread evenly over the interval, waits out
 * the warm-up, then records `windows` consecutive windows. Returns one result
 * per window.
 */
export async function measureTickworkFires(scenario: FireScenario, options: TickworkFireOptions): Promise<TickworkFireResult[]> {
  const nodes = await TickworkNodes.start(scenario.tasks, options);
  try {
    const storedBy = await storeSpreadTriggers(nodes, scenario.intervalMs, options.log);
    const windows = Array.from({ length: options.windows ?? 1 }, (_, index) => {
      const start = storedBy + scenario.warmUpMs + index * scenario.durationMs;
      return { intervalMs: scenario.intervalMs, start, end: start + scenario.durationMs };
    });
    const lastEnd = windows[windows.length - 1]?.end ?? storedBy;
    options.log(`recording ${windows.length} window(s) of ${scenario.durationMs / 1000} s after ${scenario.warmUpMs / 1000} s of warm-up`);
    await sleepUntil(lastEnd + SETTLE_MS);

    const data = await collectFireData(nodes);
    return windows.map((window) => analyzeFires(data, window));
  } finally {
    await nodes.destroy();
  }
}

export interface ClusterScalingOptions {
  nodeCounts: number[];
  /** Consecutive windows recorded per node count. */
  windows: number;
  tempDir: string;
  log(message: string): void;
}

/**
 * Measures fires on PostgreSQL with a growing cluster: starts the smallest
 * node count, spreads the triggers, records `windows` windows, then adds
 * nodes up to the next count and records again. Returns the windows per node
 * count, in the order of `nodeCounts`.
 */
export async function measureTickworkClusterScaling(
  scenario: FireScenario,
  options: ClusterScalingOptions,
): Promise<TickworkFireResult[][]> {
  const counts = [...options.nodeCounts].sort((a, b) => a - b);
  const nodes = await TickworkNodes.start(scenario.tasks, {
    database: 'postgresql',
    nodes: counts[0] ?? 1,
    tempDir: options.tempDir,
    log: options.log,
  });
  try {
    await storeSpreadTriggers(nodes, scenario.intervalMs, options.log);
    const windowsByCount: Array<Array<{ intervalMs: number; start: number; end: number }>> = [];
    for (const count of counts) {
      while (nodes.servers.length < count) await nodes.addNode();
      const began = Date.now() + scenario.warmUpMs;
      const windows = Array.from({ length: options.windows }, (_, index) => {
        const start = began + index * scenario.durationMs;
        return { intervalMs: scenario.intervalMs, start, end: start + scenario.durationMs };
      });
      windowsByCount.push(windows);
      options.log(`${count} node(s): recording ${options.windows} window(s) of ${scenario.durationMs / 1000} s`);
      await sleepUntil((windows[windows.length - 1]?.end ?? began) + SETTLE_MS);
    }

    const data = await collectFireData(nodes);
    return windowsByCount.map((windows) => windows.map((window) => analyzeFires(data, window)));
  } finally {
    await nodes.destroy();
  }
}

/**
 * Stores one interval trigger per task through REST, at staggered times.
 * The engine anchors an interval at the instant its trigger is stored, so
 * task i gets phase i/N of the interval. The stores are spread over as many
 * whole intervals as keep them under TRIGGER_STORES_PER_SECOND, each task
 * at its phase within one of those intervals, and go to the nodes in turn.
 * Returns the wall-clock time when the last store was acknowledged.
 */
async function storeSpreadTriggers(nodes: TickworkNodes, intervalMs: number, log: (message: string) => void): Promise<number> {
  const count = nodes.taskIds.length;
  const rounds = Math.max(1, Math.ceil(count / ((TRIGGER_STORES_PER_SECOND * intervalMs) / 1000)));
  const began = Date.now() + 100;
  const stores = nodes.taskIds
    .map((id, index) => ({ id, index, at: began + (index * intervalMs) / count + (index % rounds) * intervalMs }))
    .sort((a, b) => a.at - b.at);
  const triggers = [{ Type: 'IntervalTrigger', IntervalTicks: intervalMs * 10_000 }];

  log(`storing ${count} interval triggers of ${intervalMs / 1000} s over ${((rounds * intervalMs) / 1000).toFixed(0)} s`);
  const pending: Array<Promise<unknown>> = [];
  for (const store of stores) {
    await sleepUntil(store.at);
    pending.push(nodes.requestJson(store.index % nodes.servers.length, 'POST', `/ScheduledTasks/${store.id}/Triggers`, triggers));
  }
  await Promise.all(pending);
  return Date.now();
}

/** Stops the nodes (which flushes the plugin's records) and reads records, run ends and fire claims. */
async function collectFireData(nodes: TickworkNodes): Promise<FireData> {
  await nodes.stop();
  const records = nodes.servers.flatMap((server) => readFireRecords(server.dataDir));
  const database = await nodes.openDatabase();
  try {
    const runs = await database.prisma.run.findMany({
      where: { taskKey: { startsWith: 'BenchNoop' } },
      select: { id: true, endedAt: true },
    });
    const runEnds = new Map<string, number>();
    for (const run of runs) if (run.endedAt !== null) runEnds.set(run.id, run.endedAt.getTime());

    const data: FireData = { records, runEnds };
    if (database.provider === 'postgresql') {
      const keyById = new Map(nodes.taskIds.map((id, index) => [id, benchTaskKey(index)]));
      const claims = await database.prisma.fireClaim.findMany({ select: { taskId: true, scheduledAt: true } });
      data.claims = claims.flatMap((claim) => {
        const taskKey = keyById.get(claim.taskId);
        return taskKey === undefined ? [] : [{ taskKey, scheduledAt: claim.scheduledAt.getTime() }];
      });
    }
    return data;
  } finally {
    await database.close();
  }
}

export interface TickworkThroughputOptions extends TickworkNodeOptions {
  /** Batches measured one after another on the same nodes (default 1). */
  repetitions?: number;
}

/**
 * Measures manual runs of distinct no-op tasks: warms each node up with a
 * few runs, then, per repetition, sends one `POST /ScheduledTasks/Running/{id}`
 * per task, all at once (64 connections per node, spread over the nodes in
 * turn). It then polls the Run table every 20 ms until every run of the batch
 * is recorded as completed. Returns one result per repetition.
 */
export async function measureTickworkThroughput(
  scenario: ThroughputScenario,
  options: TickworkThroughputOptions,
): Promise<ThroughputResult[]> {
  const nodes = await TickworkNodes.start(scenario.runs, options);
  const database = await nodes.openDatabase();
  try {
    const warmUp = nodes.taskIds.slice(0, Math.min(50 * nodes.servers.length, scenario.runs));
    await startAll(nodes, warmUp);
    await waitForCompleted(database.prisma, warmUp.length, new Date(0));

    const results: ThroughputResult[] = [];
    for (let repetition = 0; repetition < (options.repetitions ?? 1); repetition += 1) {
      // A task turns idle just after its run is recorded, so a start sent before that would be ignored.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const since = new Date(Date.now() - 1);
      const began = preciseNow();
      await startAll(nodes, nodes.taskIds);
      const completed = await waitForCompleted(database.prisma, scenario.runs, since);
      const seconds = (preciseNow() - began) / 1000;
      results.push({ completed, seconds, runsPerSecond: completed / seconds });
      options.log(`${completed} runs in ${seconds.toFixed(2)} s`);
    }
    return results;
  } finally {
    await database.close();
    await nodes.destroy();
  }
}

async function startAll(nodes: TickworkNodes, taskIds: string[]): Promise<void> {
  const responses = await Promise.all(
    taskIds.map((id, index) => nodes.request(index % nodes.servers.length, 'POST', `/ScheduledTasks/Running/${id}`)),
  );
  const failed = responses.filter((response) => response.status !== 204);
  if (failed.length > 0) throw new Error(`${failed.length} starts failed; the first with status ${failed[0]?.status}: ${failed[0]?.body}`);
}

type Prisma = Awaited<ReturnType<TickworkNodes['openDatabase']>>['prisma'];

/** Polls every 20 ms until `count` bench runs started at or after `since` are completed; returns that count. */
async function waitForCompleted(prisma: Prisma, count: number, since: Date, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const completed = await prisma.run.count({
      where: { taskKey: { startsWith: 'BenchNoop' }, status: 'Completed', startedAt: { gte: since } },
    });
    if (completed >= count) return completed;
    if (Date.now() > deadline) throw new Error(`Only ${completed} of ${count} runs completed within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function sleepUntil(instant: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now())));
}
