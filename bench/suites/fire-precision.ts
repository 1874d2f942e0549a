import { measureTickworkFires } from '../drivers/tickwork.ts';
import type { FireResult, FireScenario } from '../drivers/types.ts';
import type { Suite, SuiteContext, SuiteReport, Table, Verdict } from '../harness/types.ts';
import { formatFigure, formatRatio, repeat } from '../stats.ts';
import { fireFigures, noisyFireFigures } from './fire-figures.ts';
import type { FireFigures } from './fire-figures.ts';
import { loadBullmq, loadGraphile } from './peers.ts';

const TARGET_P99_MS = 10;

/** Notes on the causes behind the figures; each names the measurement it rests on. */
const DESIGN_NOTES = [
  'On SQLite, with the default `TICKWORK_SQLITE_SYNCHRONOUS=full`, each commit waits for an fsync of the write-ahead log. On this disk one fsync took about 1.8 ms under load (200 writes of 4 KiB, each followed by fsync, on 4 December 2026). The SQLite driver runs statements on the main thread, so an fsync also holds up timers. A scheduled fire on SQLite makes one commit before its task body starts: the fire claim, the run row and the trigger anchors go out together. One process owns a SQLite database, so there the claim only keeps a fire from running twice across a restart. The run end is a second commit, shared with other writes that come at the same time. In an engine-only check (100 tasks on a 2 s interval, a loaded machine), the median lateness was 563 ms with the database file on this disk and 27 ms with it on tmpfs. So the fsyncs, not the scheduler, made SQLite late.',
  'On 5 December 2026, two back-to-back checks on SQLite (2 windows of 20 s each) compared the two commit paths. With the claim committed before the run row, the p99 was 11.9 and 15.5 ms; with both in one commit, 9.4 and 9.7 ms. The servers then ran with node\'s default young generation.',
  'The servers run the bundle with the node options of `pnpm serve` (`--max-semi-space-size=4`). Young-generation collections pause the main thread, and in a CPU profile of the SQLite row the longest busy stretches (25–35 ms) were mostly garbage collection. A `gc` PerformanceObserver in the server counted the pauses (SQLite, 2 windows of 20 s each). Node\'s default young generation gave 202 pauses in 64 s, median 3.0 ms and longest 9.7 ms, and the same morning\'s checks with it gave a p99 lateness between 6.3 and 9.9 ms; with 4 MiB semi-spaces there were 791 pauses, median 1.0 ms and longest 6.6 ms, and a p99 lateness of 6.5 and 4.7 ms.',
  'The `synchronous=normal` row runs the same server with `TICKWORK_SQLITE_SYNCHRONOUS=normal`: SQLite then syncs at checkpoints only. A killed or crashed process still loses no committed run; a power failure or operating-system crash may roll back the last commits. The default stays `full` for that reason.',
  'On PostgreSQL several nodes may compute the same fire, so the fire claim commits on its own before the run starts, and the run row follows. PostgreSQL flushes the commits that arrive together in one write-ahead-log flush, and the statements do not block the server\'s main thread.',
];

interface Row {
  system: string;
  figures?: FireFigures;
  error?: string;
}

function scenarioFor(context: SuiteContext): FireScenario {
  return context.quick
    ? { tasks: 500, intervalMs: 5000, warmUpMs: 3000, durationMs: 5000 }
    : { tasks: 1000, intervalMs: 10_000, warmUpMs: 10_000, durationMs: 20_000 };
}

async function measureRow(system: string, context: SuiteContext, measure: () => Promise<FireResult[]>): Promise<Row> {
  context.log(`${system}…`);
  try {
    return { system, figures: fireFigures(await measure()) };
  } catch (error) {
    context.log(`${system} failed: ${(error as Error).stack ?? String(error)}`);
    return { system, error: (error as Error).message };
  }
}

async function run(context: SuiteContext): Promise<SuiteReport> {
  const scenario = scenarioFor(context);
  const { repetitions } = context;
  const rows: Row[] = [];
  const notes: string[] = [...DESIGN_NOTES];

  for (const database of ['sqlite', 'postgresql'] as const) {
    rows.push(
      await measureRow(`Tickwork, ${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, 1 node`, context, () =>
        measureTickworkFires(scenario, { database, nodes: 1, tempDir: context.tempDir, log: context.log, windows: repetitions }),
      ),
    );
  }

  // The default syncs every commit to disk; this row shows what that costs (see the notes).
  rows.push(
    await measureRow('Tickwork, SQLite with TICKWORK_SQLITE_SYNCHRONOUS=normal, 1 node', context, () =>
      measureTickworkFires(scenario, {
        database: 'sqlite',
        nodes: 1,
        tempDir: context.tempDir,
        log: context.log,
        windows: repetitions,
        env: { TICKWORK_SQLITE_SYNCHRONOUS: 'normal' },
      }),
    ),
  );

  const bullmq = await loadBullmq();
  if (bullmq === undefined) {
    notes.push('BullMQ was not measured: its driver (`bench/drivers/bullmq.ts`) is not in this checkout.');
  } else {
    rows.push(
      await measureRow('BullMQ job schedulers (Redis)', context, () =>
        repeat(repetitions, () => bullmq.measureBullmqFires(scenario, { log: context.log })),
      ),
    );
  }

  const graphile = await loadGraphile();
  if (context.quick) {
    notes.push('graphile-worker cron is measured in the full run only: its fires are whole minutes apart.');
  } else if (graphile === undefined) {
    notes.push('graphile-worker was not measured: its driver (`bench/drivers/graphile-worker.ts`) is not in this checkout.');
  } else {
    rows.push(
      await measureRow('graphile-worker cron (PostgreSQL), 1 minute boundary', context, async () => [
        await graphile.measureGraphileCronFires({ tasks: scenario.tasks, minutes: 1 }, { log: context.log }),
      ]),
    );
  }

  return report(context, scenario, rows, notes);
}

function report(context: SuiteContext, scenario: FireScenario, rows: Row[], notes: string[]): SuiteReport {
  const reference = rows[0]?.figures;
  const table: Table = {
    caption: `${scenario.tasks.toLocaleString('en-US')} tasks on a ${scenario.intervalMs / 1000} s interval, lateness in milliseconds`,
    columns: ['system', 'fires', 'p50', 'p99', 'max', 'missed', 'duplicates', 'p99 / Tickwork SQLite p99'],
    rows: rows.map(({ system, figures, error }) =>
      figures === undefined
        ? [system, `failed: ${error ?? 'unknown error'}`, '', '', '', '', '', '']
        : [
            system,
            String(figures.fires),
            formatFigure(figures.p50, 1),
            formatFigure(figures.p99, 1),
            formatFigure(figures.max, 1),
            String(figures.missed),
            String(figures.duplicates),
            reference === undefined ? '' : formatRatio(figures.p99.median / reference.p99.median),
          ],
    ),
  };

  const verdicts: Verdict[] = rows.slice(0, 2).map(({ system, figures, error }) => ({
    target: `${system}: fire lateness p99 under ${TARGET_P99_MS} ms with ${scenario.tasks.toLocaleString('en-US')} tasks, no missed and no duplicate fires`,
    measured:
      figures === undefined
        ? `failed: ${error ?? 'unknown error'}`
        : `p99 ${formatFigure(figures.p99, 1)} ms, ${figures.missed} missed, ${figures.duplicates} duplicates`,
    met: figures !== undefined && figures.p99.median < TARGET_P99_MS && figures.missed === 0 && figures.duplicates === 0,
  }));

  const method = [
    `Each Tickwork row starts a real server process (\`apps/server\`) with a generated plugin of ${scenario.tasks.toLocaleString('en-US')} no-op tasks.`,
    `The driver stores an interval trigger of ${scenario.intervalMs / 1000} s on every task through \`POST /ScheduledTasks/{id}/Triggers\`, one task every ${scenario.intervalMs / scenario.tasks} ms, because an interval counts from the instant its trigger is stored: the phases are spread evenly over the interval.`,
    `After ${scenario.warmUpMs / 1000} s of warm-up it records ${context.repetitions} consecutive windows of ${scenario.durationMs / 1000} s from the same server process; each window is one repetition.`,
    'A task body reads `context.scheduledFor` (the instant the engine scheduled the fire for) and records `preciseNow() − scheduledFor`, with `preciseNow()` from `bench/stats.ts`; the peers record the same difference in their job bodies.',
    'Missed and duplicate fires are counted per task against the chain of its own fires. On SQLite an interval counts from the later of its last fire and the end of its last run (as in Jellyfin), and in a cluster on PostgreSQL from its last fire, so the next fire is due between an interval after the fire and an interval after the run end (from the Run table). A fire more than half an interval past that range means skipped instants (missed), and a fire less than half an interval after the previous one is a duplicate.',
    'The peers are started once per repetition by their own drivers (see `bench/drivers/PEERS.md`).',
  ].join(' ');

  return {
    method,
    tables: [table],
    verdicts,
    notes,
    noisy: rows.flatMap(({ system, figures }) => (figures === undefined ? [] : noisyFireFigures(system, figures))),
  };
}

export const firePrecisionSuite: Suite = {
  name: 'fire-precision',
  title: 'Fire precision',
  run,
};
