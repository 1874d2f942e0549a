import { randomBytes } from 'node:crypto';

import pg from 'pg';

import type { Figure, Suite, SuiteContext, SuiteReport, Table, Verdict } from '../harness/types.ts';
import {
  HISTORY_MAX_AGE_DAYS,
  HISTORY_MAX_RUNS,
  HISTORY_SPAN_DAYS,
  measureHistory,
} from '../history/measure-history.ts';
import type { HistoryMeasurement, HistoryScenario } from '../history/measure-history.ts';
import { PAGE_SIZE } from '../history/list-latency.ts';
import { figureOf, formatFigure, formatRatio, isNoisy } from '../stats.ts';
import type { Summary } from '../stats.ts';

const POSTGRES_SERVER = process.env.TICKWORK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const FIRST_PAGE = 'tRPC runs.list first page';
const BASELINE = 'bare SQL first page (baseline)';
/** The factor by which a list page at full history may be slower than the same page after retention. */
const GROWTH_LIMIT = 2;

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const seconds = (value: number) => value.toFixed(1);
const count = (value: number) => value.toLocaleString('en-US');

/** Creates an empty PostgreSQL database for the suite, or returns undefined when the server cannot be reached. */
async function createPostgresDatabase(context: SuiteContext): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER });
  try {
    await admin.connect();
  } catch (error) {
    context.log(`PostgreSQL at ${POSTGRES_SERVER} is not reachable, so only SQLite is measured: ${(error as Error).message}`);
    return undefined;
  }
  const name = `bench_hist_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_SERVER });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function figureOfSummaries(summaries: Summary[] | undefined, key: 'p50' | 'p99'): Figure {
  return figureOf((summaries ?? []).map((summary) => summary[key]));
}

interface ProviderResult {
  provider: string;
  measurement: HistoryMeasurement;
}

function sizeTable(results: ProviderResult[]): Table {
  return {
    caption: 'History size and maintenance, one run per database',
    columns: [
      'database',
      'runs',
      'fill s',
      'server start s (empty → full)',
      'size MiB',
      'retention s',
      'runs after',
      'size after retention MiB',
      'Optimize database s',
      'size after Optimize MiB',
    ],
    rows: results.map(({ provider, measurement: m }) => [
      provider,
      count(m.runsBefore),
      seconds(m.fillSeconds),
      `${seconds(m.startEmptySeconds)} → ${seconds(m.startFullSeconds)}`,
      mib(m.sizeBefore),
      seconds(m.retentionSeconds),
      count(m.runsAfter),
      mib(m.sizeAfterRetention),
      seconds(m.optimizeSeconds),
      mib(m.sizeAfterOptimize),
    ]),
  };
}

function latencyTable(results: ProviderResult[], noisy: string[]): Table {
  const rows: string[][] = [];
  for (const { provider, measurement: m } of results) {
    const baselineP99 = figureOfSummaries(m.before.get(BASELINE), 'p99').median;
    for (const [name, before] of m.before) {
      const after = m.after.get(name);
      const figures = {
        'p50 full': figureOfSummaries(before, 'p50'),
        'p99 full': figureOfSummaries(before, 'p99'),
        'p50 after retention': figureOfSummaries(after, 'p50'),
        'p99 after retention': figureOfSummaries(after, 'p99'),
      };
      for (const [label, figure] of Object.entries(figures)) if (isNoisy(figure)) noisy.push(`${provider} ${name} ${label}`);
      rows.push([
        provider,
        name,
        ...Object.values(figures).map((figure) => formatFigure(figure, 2)),
        formatRatio(figures['p99 full'].median / baselineP99),
      ]);
    }
  }
  return {
    caption: `Request latency in milliseconds, pages of ${PAGE_SIZE} runs, full history and after retention`,
    columns: ['database', 'request', 'p50 full', 'p99 full', 'p50 after retention', 'p99 after retention', 'p99 full / baseline p99 full'],
    rows,
  };
}

function verdictsOf(results: ProviderResult[]): Verdict[] {
  return results.flatMap(({ provider, measurement: m }) => {
    // This uses the median, because with 20 to 50 requests per repetition the p99 is the slowest
    // request, which follows the machine's load.
    const full = figureOfSummaries(m.before.get(FIRST_PAGE), 'p50');
    const trimmed = figureOfSummaries(m.after.get(FIRST_PAGE), 'p50');
    // The retention task's own run has just ended when the suite counts. The engine trims that task's
    // history right after each run, without waiting, so the count may still include one run too many.
    const keptLimit = m.tasks * HISTORY_MAX_RUNS + 1;
    return [
      {
        target: `${provider}: runs.list first page p50 at ${count(m.runsBefore)} runs within ${GROWTH_LIMIT}× its p50 after retention`,
        measured: `${formatFigure(full, 2)} ms vs ${formatFigure(trimmed, 2)} ms (${formatRatio(full.median / trimmed.median)})`,
        met: full.median <= GROWTH_LIMIT * trimmed.median,
      },
      {
        target:
          `${provider}: retention keeps at most ${HISTORY_MAX_RUNS} runs per task ` +
          `(${count(keptLimit)} for ${m.tasks} tasks, with the retention's own new run)`,
        measured: `${count(m.runsAfter)} runs left, in ${seconds(m.retentionSeconds)} s`,
        met: m.runsAfter <= keptLimit,
      },
    ];
  });
}

export const historyGrowthSuite: Suite = {
  name: 'history-growth',
  title: 'Run history growth',
  async run(context): Promise<SuiteReport> {
    const scenario = { runs: context.quick ? 100_000 : 1_000_000, requests: context.quick ? 20 : 50 };
    const results: ProviderResult[] = [];

    results.push({ provider: 'SQLite', measurement: await measureHistory({ ...scenario, provider: 'sqlite' }, context) });

    const postgres = await createPostgresDatabase(context);
    if (postgres !== undefined) {
      try {
        const postgresScenario: HistoryScenario = { ...scenario, provider: 'postgresql', databaseUrl: postgres.url };
        results.push({ provider: 'PostgreSQL', measurement: await measureHistory(postgresScenario, context) });
      } finally {
        await postgres.drop();
      }
    }

    const noisy: string[] = [];
    const tables = [sizeTable(results), latencyTable(results, noisy)];
    const notes = results.flatMap(({ provider, measurement: m }) => [
      `${provider}: while the retention ran, a \`runs.list\` first page of another task took ` +
        `p50 ${m.duringRetention.p50.toFixed(1)} ms, p99 ${m.duringRetention.p99.toFixed(1)} ms, max ${m.duringRetention.max.toFixed(1)} ms ` +
        `(${m.duringRetention.count} requests back to back).`,
      `${provider}: size at full history ${m.sizeDetails.before}; after retention ${m.sizeDetails.afterRetention}; ` +
        `after Optimize database ${m.sizeDetails.afterOptimize}.`,
      `${provider}: plan of the first-page query at full history: ${m.planBefore.map((line) => `\`${line.trim()}\``).join('; ')}.`,
    ]);
    return {
      method: [
        `A server process starts once on an empty database to create the schema and its ${results[0]?.measurement.tasks ?? ''}`,
        `tasks, and stops. The suite then inserts ${count(scenario.runs)} finished runs straight into the Run table with one`,
        `bulk \`INSERT … SELECT\` over generated rows (a recursive CTE on SQLite, \`generate_series\` on PostgreSQL), not`,
        `through the engine: spread evenly over the tasks and over the last ${HISTORY_SPAN_DAYS} days, 90 % Completed,`,
        `6 % Failed (with an error message and stack), 3 % Cancelled and 1 % Aborted, without log lines. A server process`,
        `then starts on that database with \`TICKWORK_HISTORY_MAX_RUNS=${HISTORY_MAX_RUNS}\` and`,
        `\`TICKWORK_HISTORY_MAX_AGE_DAYS=${HISTORY_MAX_AGE_DAYS}\`, and the suite sends ${scenario.requests} requests`,
        `back to back per request kind and repetition: \`runs.list\` over tRPC HTTP for one task's first page, a page`,
        `after a cursor halfway through its history, and a page filtered to status \`aborted\`, and REST`,
        `\`GET /ScheduledTasks\` and \`GET /ScheduledTasks/{id}\`. The baseline is the first-page query as bare SQL through`,
        `the same driver (@libsql/client or pg) from the benchmark process. Then it starts the hidden`,
        `\`CleanupRunHistory\` task through REST (the retention task; its run time is the server's own record), starts`,
        `\`Optimize database\` (VACUUM), and measures again. Size is the SQLite file plus its WAL, or`,
        `\`pg_total_relation_size\` of the Run table. The fill, the retention and the sizes are measured once per database;`,
        `latencies are repeated. PostgreSQL runs in a new database \`bench_hist_<random>\`, dropped afterwards.`,
      ].join(' '),
      tables,
      verdicts: verdictsOf(results),
      notes,
      noisy,
    };
  },
};
