import { measureTickworkClusterScaling } from '../drivers/tickwork.ts';
import type { TickworkFireResult } from '../drivers/tickwork.ts';
import type { FireScenario } from '../drivers/types.ts';
import type { Suite, SuiteContext, SuiteReport, Table } from '../harness/types.ts';
import { formatFigure } from '../stats.ts';
import { fireFigures, noisyFireFigures } from './fire-figures.ts';

const NODE_COUNTS = [1, 2, 3];

async function run(context: SuiteContext): Promise<SuiteReport> {
  const scenario: FireScenario = context.quick
    ? { tasks: 200, intervalMs: 1000, warmUpMs: 2000, durationMs: 3000 }
    : { tasks: 300, intervalMs: 1000, warmUpMs: 5000, durationMs: 10_000 };
  const offered = scenario.tasks / (scenario.intervalMs / 1000);

  const byCount = await measureTickworkClusterScaling(scenario, {
    nodeCounts: NODE_COUNTS,
    windows: context.repetitions,
    tempDir: context.tempDir,
    log: context.log,
  });

  const rows = NODE_COUNTS.map((nodes, index) => {
    const windows = byCount[index] as TickworkFireResult[];
    return { nodes, windows, figures: fireFigures(windows) };
  });

  const table: Table = {
    caption: `${scenario.tasks.toLocaleString('en-US')} tasks on a ${scenario.intervalMs / 1000} s interval (${offered.toLocaleString('en-US')} fires/s offered), PostgreSQL; lateness in milliseconds`,
    columns: ['nodes', 'fires/s sustained', 'p50', 'p99', 'max', 'missed', 'duplicates', 'claims without a run'],
    rows: rows.map(({ nodes, windows, figures }) => [
      String(nodes),
      formatFigure(figures.firesPerSecond, 0),
      formatFigure(figures.p50, 1),
      formatFigure(figures.p99, 1),
      formatFigure(figures.max, 1),
      String(figures.missed),
      String(figures.duplicates),
      String(windows.reduce((sum, window) => sum + (window.claimsWithoutRun ?? 0), 0)),
    ]),
  };

  const method = [
    `One PostgreSQL database and a growing cluster on this machine: the driver starts one server process with a generated plugin of ${scenario.tasks.toLocaleString('en-US')} no-op tasks, stores a ${scenario.intervalMs / 1000} s interval trigger on each through REST at staggered times (phases spread evenly over the interval), and records ${context.repetitions} consecutive window(s) of ${scenario.durationMs / 1000} s after ${scenario.warmUpMs / 1000} s of warm-up.`,
    'It then starts a second node on the same database, records again, then a third. Every node computes every fire and the fire claim lets one of them run it.',
    '"Fires/s sustained" counts runs started per second whose scheduled instant falls in the window. Lateness, missed and duplicate fires are counted as in the fire-precision suite; claims without a run are explained below.',
    'All nodes, PostgreSQL and the load generator share the same two cores, so more nodes add CPU contention rather than capacity here.',
  ].join(' ');

  return {
    method,
    tables: [table],
    verdicts: [],
    notes: [
      '"Claims without a run" counts fire claims in the window with no run of that task at that instant. A claim can end so by design: when the task\'s previous run, on another node, is still open, the fire becomes the task\'s one queued follow-up and later fires coalesce into it. In a cluster, interval triggers count from the last scheduled instant (a grid every node computes alike), so nodes cannot claim different instants for one interval. Before that change they counted from the newest run end each node had heard of, and at 300 fires/s two and three nodes claimed more instants than were offered and ran some intervals twice.',
      'Every node computes every fire and tries to claim it, and every run start and end is announced to the other nodes through `NOTIFY`. More nodes therefore add claim attempts and notifications per fire; on one machine with two cores they add no CPU.',
    ],
    noisy: rows.flatMap(({ nodes, figures }) => noisyFireFigures(`${nodes} node(s)`, figures)),
  };
}

export const clusterScalingSuite: Suite = {
  name: 'cluster-scaling',
  title: 'Cluster scaling',
  run,
};
