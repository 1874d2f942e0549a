import { measureTickworkThroughput } from '../drivers/tickwork.ts';
import type { ThroughputResult, ThroughputScenario } from '../drivers/types.ts';
import type { Figure, Suite, SuiteContext, SuiteReport, Table, Verdict } from '../harness/types.ts';
import { figureOf, formatFigure, formatRatio, isNoisy, repeat } from '../stats.ts';
import { loadBullmq, loadGraphile } from './peers.ts';

const TARGET_RATIO = 2;

interface Row {
  system: string;
  runsPerSecond?: Figure;
  completed?: number;
  error?: string;
}

async function measureRow(system: string, context: SuiteContext, measure: () => Promise<ThroughputResult[]>): Promise<Row> {
  context.log(`${system}…`);
  try {
    const results = await measure();
    return {
      system,
      runsPerSecond: figureOf(results.map((result) => result.runsPerSecond)),
      completed: results.reduce((sum, result) => sum + result.completed, 0),
    };
  } catch (error) {
    context.log(`${system} failed: ${(error as Error).stack ?? String(error)}`);
    return { system, error: (error as Error).message };
  }
}

async function run(context: SuiteContext): Promise<SuiteReport> {
  const scenario: ThroughputScenario = { runs: context.quick ? 500 : 2000 };
  const { repetitions, tempDir, log } = context;
  const notes: string[] = [
    'The design cost per Tickwork run: a durable run record is inserted before the body starts and updated when it ends, a manual start also writes an activity log entry, and the end is followed by a history-pruning query. BullMQ moves a job between Redis lists and sets, and the Redis on this machine writes nothing to disk. graphile-worker inserts and deletes one row per job in PostgreSQL.',
    'On SQLite, run starts, run ends and activity entries go through a group commit (`GroupCommit` in `packages/db`): writes that arrive while a transaction commits share the next one. In a one-node SQLite check of 2 × 2,000 runs this cut the commits from about 12,000 to about 120, each waiting for one fsync, and raised throughput from about 340 to 500–660 runs/s. On PostgreSQL the same check gave 317–424 runs/s with the group commit and 397–555 without it, so there each write commits on its own over the connection pool.',
    'What remains per run is CPU in the server process, which shares the two cores with the database and the load generator. A CPU profile of the same check (`node --cpu-prof`) showed the main thread busy about 91 % of the time, mostly in Prisma\'s query runtime and in the SQLite driver, which prepares every statement again. Each run makes four Prisma queries, one HTTP request with authentication, run events for the live views and two log lines.',
  ];

  const tickwork: Row[] = [];
  for (const [system, database, nodes] of [
    ['Tickwork, SQLite, 1 node', 'sqlite', 1],
    ['Tickwork, PostgreSQL, 1 node', 'postgresql', 1],
    ['Tickwork, PostgreSQL, 3 nodes', 'postgresql', 3],
  ] as const) {
    tickwork.push(
      await measureRow(system, context, () => measureTickworkThroughput(scenario, { database, nodes, tempDir, log, repetitions })),
    );
  }

  const peers: Row[] = [];
  const bullmq = await loadBullmq();
  if (bullmq === undefined) {
    notes.push('BullMQ was not measured: its driver (`bench/drivers/bullmq.ts`) is not in this checkout.');
  } else {
    peers.push(
      await measureRow('BullMQ (Redis), 1 worker', context, () =>
        repeat(repetitions, () => bullmq.measureBullmqThroughput(scenario, { log })),
      ),
    );
  }
  const graphile = await loadGraphile();
  if (graphile === undefined) {
    notes.push('graphile-worker was not measured: its driver (`bench/drivers/graphile-worker.ts`) is not in this checkout.');
  } else {
    peers.push(
      await measureRow('graphile-worker (PostgreSQL), 1 worker', context, () =>
        repeat(repetitions, () => graphile.measureGraphileThroughput(scenario, { log })),
      ),
    );
  }

  return report(context, scenario, tickwork, peers, notes);
}

function report(context: SuiteContext, scenario: ThroughputScenario, tickwork: Row[], peers: Row[], notes: string[]): SuiteReport {
  const ratioColumns = peers.map((peer) => `÷ ${peer.system.split(' ')[0]}`);
  const rowCells = (row: Row) => {
    if (row.runsPerSecond === undefined) return [row.system, `failed: ${row.error ?? 'unknown error'}`, ...peers.map(() => '')];
    const rate = row.runsPerSecond.median;
    return [
      row.system,
      formatFigure(row.runsPerSecond, 0),
      ...peers.map((peer) => (peer.runsPerSecond === undefined ? '' : formatRatio(rate / peer.runsPerSecond.median))),
    ];
  };
  const table: Table = {
    caption: `${scenario.runs.toLocaleString('en-US')} no-op runs started at once, runs per second until the last is recorded`,
    columns: ['system', 'runs/s', ...ratioColumns],
    rows: [...tickwork, ...peers].map(rowCells),
  };

  const measuredPeers = peers.filter((peer) => peer.runsPerSecond !== undefined);
  const verdicts: Verdict[] = tickwork.map((row) => {
    const ratios = measuredPeers.map((peer) => ({
      name: peer.system.split(' ')[0] ?? peer.system,
      ratio: (row.runsPerSecond?.median ?? 0) / (peer.runsPerSecond?.median ?? 1),
    }));
    return {
      target: `${row.system}: at least ${TARGET_RATIO}× the no-op throughput of BullMQ and of graphile-worker`,
      measured:
        row.runsPerSecond === undefined
          ? `failed: ${row.error ?? 'unknown error'}`
          : `${formatFigure(row.runsPerSecond, 0)} runs/s; ${
              ratios.length === 0 ? 'no peer measured' : ratios.map(({ name, ratio }) => `${formatRatio(ratio)} ${name}`).join(', ')
            }`,
      met: row.runsPerSecond !== undefined && measuredPeers.length === 2 && ratios.every(({ ratio }) => ratio >= TARGET_RATIO),
    };
  });

  const method = [
    `Each Tickwork row starts real server processes with a generated plugin of ${scenario.runs.toLocaleString('en-US')} distinct no-op tasks (a task has at most one open run, so each run needs its own task); the 3-node row runs three processes on one PostgreSQL database.`,
    'After 50 warm-up runs per node, the driver sends one `POST /ScheduledTasks/Running/{id}` per task, all at once over 64 keep-alive connections per node, spread over the nodes in turn, and polls the Run table every 20 ms until every run of the batch is recorded as `Completed`.',
    `The time runs from the first request to the poll that sees the last completed run. The ${context.repetitions} repetitions are batches on the same server processes.`,
    'The peers enqueue the same number of no-op jobs and time them until the last completes (see `bench/drivers/PEERS.md`).',
  ].join(' ');

  return {
    method,
    tables: [table],
    verdicts,
    notes,
    noisy: [...tickwork, ...peers].flatMap((row) =>
      row.runsPerSecond !== undefined && isNoisy(row.runsPerSecond) ? [`${row.system} runs/s`] : [],
    ),
  };
}

export const throughputSuite: Suite = {
  name: 'throughput',
  title: 'Run throughput',
  run,
};
