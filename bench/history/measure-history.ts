import { mkdtempSync } from 'node:fs';
import path from 'node:path';

import { ServerProcess } from '../../apps/server/test/support/server-process.ts';
import type { SuiteContext } from '../harness/types.ts';
import { preciseNow, repeat, summarize } from '../stats.ts';
import type { Summary } from '../stats.ts';
import { PostgresHistoryDatabase, SqliteHistoryDatabase } from './history-database.ts';
import type { HistoryDatabase } from './history-database.ts';
import { listProbes, measureProbe, PAGE_SIZE, sendFirstPage } from './list-latency.ts';
import { listTasks, runTaskAndProbe } from './maintenance-run.ts';

export const HISTORY_MAX_RUNS = 100;
export const HISTORY_MAX_AGE_DAYS = 30;
/** The generated runs start this long before the fill, evenly spaced. */
export const HISTORY_SPAN_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;

export interface HistoryScenario {
  provider: 'sqlite' | 'postgresql';
  /** For PostgreSQL: a URL of an empty database the suite may fill. */
  databaseUrl?: string;
  runs: number;
  /** Requests per latency figure and repetition. */
  requests: number;
}

export interface HistoryMeasurement {
  tasks: number;
  runsBefore: number;
  runsAfter: number;
  fillSeconds: number;
  startEmptySeconds: number;
  startFullSeconds: number;
  sizeBefore: number;
  sizeAfterRetention: number;
  sizeAfterOptimize: number;
  /** describeSize() at each of the three points. */
  sizeDetails: { before: string; afterRetention: string; afterOptimize: string };
  retentionSeconds: number;
  optimizeSeconds: number;
  /** Latency of the first-page query while the retention task ran. */
  duringRetention: Summary;
  planBefore: string[];
  /** Latency summaries per probe name, one per repetition, before and after retention. */
  before: Map<string, Summary[]>;
  after: Map<string, Summary[]>;
}

/** Measures every probe `repetitions` times; the deep page starts halfway through the task's history. */
async function measureProbes(
  server: ServerProcess,
  database: HistoryDatabase,
  taskId: string,
  requests: number,
  context: SuiteContext,
): Promise<Map<string, Summary[]>> {
  const deepCursor = await database.runIdAt(taskId, Math.floor((await database.countRuns(taskId)) / 2));
  const results = new Map<string, Summary[]>();
  const probes = listProbes(server, database, taskId, deepCursor);
  await repeat(context.repetitions, async () => {
    for (const probe of probes) {
      const summary = await measureProbe(probe, requests);
      results.set(probe.name, [...(results.get(probe.name) ?? []), summary]);
    }
  });
  return results;
}

/**
 * Fills a fresh database with `runs` finished runs and measures a server on
 * it before and after the history retention, as described in the suite's method.
 */
export async function measureHistory(scenario: HistoryScenario, context: SuiteContext): Promise<HistoryMeasurement> {
  const dataDir = mkdtempSync(path.join(context.tempDir, `${scenario.provider}-`));
  const env: Record<string, string> = {
    // Startup-triggered tasks would prune their own history while the suite measures.
    TICKWORK_STARTUP_DELAY_SECONDS: '3600',
    TICKWORK_HISTORY_MAX_RUNS: String(HISTORY_MAX_RUNS),
    TICKWORK_HISTORY_MAX_AGE_DAYS: String(HISTORY_MAX_AGE_DAYS),
    ...(scenario.databaseUrl === undefined ? {} : { DATABASE_URL: scenario.databaseUrl }),
  };

  context.log(`${scenario.provider}: creating the schema and the tasks`);
  let began = preciseNow();
  let server = await ServerProcess.start({ dataDir, env, quiet: true, bundled: true });
  const startEmptySeconds = (preciseNow() - began) / 1000;
  const tasks = await listTasks(server);
  await server.stop('SIGTERM');

  const database: HistoryDatabase =
    scenario.provider === 'sqlite'
      ? new SqliteHistoryDatabase(path.join(dataDir, 'tickwork.db'))
      : new PostgresHistoryDatabase(scenario.databaseUrl as string);
  try {
    context.log(`${scenario.provider}: inserting ${scenario.runs} runs`);
    began = preciseNow();
    await database.fill(
      tasks.map((task) => ({ id: task.Id, key: task.Key, name: task.Name })),
      scenario.runs,
      HISTORY_SPAN_DAYS * DAY_MS,
      Date.now(),
    );
    const fillSeconds = (preciseNow() - began) / 1000;
    const runsBefore = await database.countRuns();
    const sizeBefore = await database.sizeBytes();
    const detailBefore = await database.describeSize();

    began = preciseNow();
    server = await ServerProcess.start({ dataDir, env, quiet: true, bundled: true });
    const startFullSeconds = (preciseNow() - began) / 1000;
    try {
      const taskId = tasks[0]?.Id as string;
      const planBefore = await database.explainFirstPage(taskId, PAGE_SIZE);
      context.log(`${scenario.provider}: list latencies at ${runsBefore} runs`);
      const before = await measureProbes(server, database, taskId, scenario.requests, context);

      context.log(`${scenario.provider}: running the history retention`);
      const otherTaskId = tasks[1]?.Id as string;
      const retention = await runTaskAndProbe(server, 'CleanupRunHistory', () => sendFirstPage(server, otherTaskId), 600_000);
      const runsAfter = await database.countRuns();
      const sizeAfterRetention = await database.sizeBytes();
      const detailAfterRetention = await database.describeSize();
      context.log(`${scenario.provider}: running Optimize database`);
      const optimize = await runTaskAndProbe(server, 'OptimizeDatabaseTask', async () => {}, 300_000);
      const sizeAfterOptimize = await database.sizeBytes();
      const detailAfterOptimize = await database.describeSize();

      context.log(`${scenario.provider}: list latencies at ${runsAfter} runs`);
      const after = await measureProbes(server, database, taskId, scenario.requests, context);
      return {
        tasks: tasks.length,
        runsBefore,
        runsAfter,
        fillSeconds,
        startEmptySeconds,
        startFullSeconds,
        sizeBefore,
        sizeAfterRetention,
        sizeAfterOptimize,
        sizeDetails: { before: detailBefore, afterRetention: detailAfterRetention, afterOptimize: detailAfterOptimize },
        retentionSeconds: retention.seconds,
        optimizeSeconds: optimize.seconds,
        duringRetention: summarize(retention.probeLatencies),
        planBefore,
        before,
        after,
      };
    } finally {
      await server.destroy();
    }
  } finally {
    await database.close();
  }
}
