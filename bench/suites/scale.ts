import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Figure, Suite, SuiteContext, SuiteReport } from '../harness/types.ts';
import { startBareServer } from '../scale/bare-process.ts';
import { measureGetLoad } from '../scale/http-load.ts';
import type { LoadResult } from '../scale/http-load.ts';
import { scalePluginSource } from '../scale/plugin.ts';
import { cpuSeconds, residentMemory } from '../scale/process-usage.ts';
import { START_COMMAND, checkStartScript, startTickwork } from '../scale/tickwork-process.ts';
import type { StartedTickwork } from '../scale/tickwork-process.ts';
import { figureOf, formatFigure, formatRatio, isNoisy } from '../stats.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const TASK_COUNT = 10_000;
const LOAD_CONNECTIONS = 4;
const TARGET_RATIO_OF_BARE = 0.5;
const TARGET_IDLE_CPU_PERCENT = 1;
/** The target is in megabytes (10^6 bytes); /proc reports kibibytes. */
const TARGET_RSS_MB = 150;
const MB_PER_MIB = 1.048576;

/** Headers that Node's HTTP server writes by itself, so the bare server must not copy them. */
const PER_CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Plan {
  /**
   * Time between the first 200 from /health and the idle measurement. V8's
   * memory reducer collects the start-up garbage in one full GC about 8 s after
   * allocation slows down. The settle time covers that GC, and its CPU is
   * reported as a figure of its own.
   */
  settleSeconds: number;
  /** The idle period is measured in this many windows of `idleWindowSeconds`. */
  idleWindows: number;
  idleWindowSeconds: number;
  warmUpSeconds: number;
  loadSeconds: number;
}

function planOf(context: SuiteContext): Plan {
  return context.quick
    ? { settleSeconds: 20, idleWindows: 1, idleWindowSeconds: 10, warmUpSeconds: 1, loadSeconds: 2 }
    : { settleSeconds: 30, idleWindows: 3, idleWindowSeconds: 10, warmUpSeconds: 2, loadSeconds: 5 };
}

/**
 * Measures start-up on a new data folder and a restart on it, `repetitions`
 * times. The last restarted server stays up for the other measurements.
 */
async function measureStartups(context: SuiteContext, apiKey: string) {
  const first: StartedTickwork[] = [];
  const restart: StartedTickwork[] = [];
  for (let repetition = 0; repetition < context.repetitions; repetition += 1) {
    const dataDir = path.join(context.tempDir, `data-${repetition}`);
    mkdirSync(path.join(dataDir, 'plugins'), { recursive: true });
    writeFileSync(path.join(dataDir, 'plugins', 'scale-tasks.mjs'), scalePluginSource(TASK_COUNT));

    const fresh = await startTickwork(repositoryRoot, dataDir, apiKey);
    first.push(fresh);
    await fresh.stop();
    const again = await startTickwork(repositoryRoot, dataDir, apiKey);
    restart.push(again);
    context.log(
      `start ${repetition + 1}: new database ${fresh.healthMs} ms to /health, restart ${again.healthMs} ms to /health`,
    );
    if (repetition < context.repetitions - 1) await again.stop();
  }
  return { first, restart, server: restart[restart.length - 1] as StartedTickwork };
}

interface ServedLoad extends LoadResult {
  /** CPU time the serving process used per request, in milliseconds. */
  serverCpuMsPerRequest: number;
}

/** Runs one load and reads the serving process's CPU time around it. */
async function measureServedLoad(pid: number, options: Parameters<typeof measureGetLoad>[0]): Promise<ServedLoad> {
  const before = cpuSeconds(pid);
  const result = await measureGetLoad(options);
  const serverCpuMsPerRequest = ((cpuSeconds(pid) - before) * 1000) / Math.max(1, result.requests);
  return { ...result, serverCpuMsPerRequest };
}

/** Measures a process's CPU use over the next `seconds`, in percent of one core. */
async function cpuPercentOver(pid: number, seconds: number): Promise<number> {
  const before = cpuSeconds(pid);
  const began = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsedSeconds = (performance.now() - began) / 1000;
  return ((cpuSeconds(pid) - before) / elapsedSeconds) * 100;
}

/** Measures the CPU use of the idle server per window, in percent of one core. */
async function measureIdleCpu(pid: number, plan: Plan): Promise<number[]> {
  const percents: number[] = [];
  for (let window = 0; window < plan.idleWindows; window += 1) percents.push(await cpuPercentOver(pid, plan.idleWindowSeconds));
  return percents;
}

/** Reads GET /ScheduledTasks once: the body and the headers a copy must send. */
async function captureTaskList(server: StartedTickwork, apiKey: string) {
  const response = await fetch(`${server.url}/ScheduledTasks`, { headers: { 'X-Emby-Token': apiKey } });
  if (!response.ok) throw new Error(`GET /ScheduledTasks returned status ${response.status}, not 200.`);
  const body = Buffer.from(await response.arrayBuffer());
  const tasks = JSON.parse(body.toString('utf8')) as unknown[];
  if (tasks.length < TASK_COUNT) throw new Error(`GET /ScheduledTasks listed ${tasks.length} tasks, fewer than the ${TASK_COUNT} generated.`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!PER_CONNECTION_HEADERS.has(name)) headers[name] = value;
  });
  return { body, headers, taskCount: tasks.length };
}

export const scaleSuite: Suite = {
  name: 'scale',
  title: 'Scale: 10,000 tasks',
  async run(context: SuiteContext): Promise<SuiteReport> {
    checkStartScript(repositoryRoot);
    const plan = planOf(context);
    const apiKey = randomBytes(16).toString('hex');
    const { first, restart, server } = await measureStartups(context, apiKey);
    let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
    try {
      const settleCpuPercent = await cpuPercentOver(server.pid, plan.settleSeconds);
      context.log(`CPU in the ${plan.settleSeconds} s after start-up: ${settleCpuPercent.toFixed(2)}% of one core`);
      context.log(`measuring idle CPU for ${plan.idleWindows * plan.idleWindowSeconds} s`);
      const idlePercents = await measureIdleCpu(server.pid, plan);
      const memoryIdle = residentMemory(server.pid);

      const captured = await captureTaskList(server, apiKey);
      bare = await startBareServer(context.tempDir, captured.body, captured.headers);
      const tickworkLoad = { url: `${server.url}/ScheduledTasks`, headers: { 'X-Emby-Token': apiKey }, connections: LOAD_CONNECTIONS };
      const bareLoad = { url: `${bare.url}/ScheduledTasks`, headers: { 'X-Emby-Token': apiKey }, connections: LOAD_CONNECTIONS };
      await measureGetLoad({ ...tickworkLoad, durationSeconds: plan.warmUpSeconds });
      await measureGetLoad({ ...bareLoad, durationSeconds: plan.warmUpSeconds });

      const tickworkResults: ServedLoad[] = [];
      const bareResults: ServedLoad[] = [];
      for (let repetition = 0; repetition < context.repetitions; repetition += 1) {
        tickworkResults.push(await measureServedLoad(server.pid, { ...tickworkLoad, durationSeconds: plan.loadSeconds }));
        bareResults.push(await measureServedLoad(bare.pid, { ...bareLoad, durationSeconds: plan.loadSeconds }));
        context.log(
          `GET /ScheduledTasks ${tickworkResults.at(-1)?.requestsPerSecond.toFixed(0)} requests/s, bare ${bareResults.at(-1)?.requestsPerSecond.toFixed(0)} requests/s`,
        );
      }
      const memoryAfterLoad = residentMemory(server.pid);

      return reportOf({
        context,
        plan,
        first,
        restart,
        settleCpuPercent,
        idlePercents,
        memoryIdle,
        memoryAfterLoad,
        bodyBytes: captured.body.length,
        taskCount: captured.taskCount,
        tickworkResults,
        bareResults,
      });
    } finally {
      await bare?.stop();
      await server.stop();
    }
  },
};

interface Measured {
  context: SuiteContext;
  plan: Plan;
  first: StartedTickwork[];
  restart: StartedTickwork[];
  /** CPU use in the settle period right after start-up, in percent of one core. */
  settleCpuPercent: number;
  idlePercents: number[];
  memoryIdle: ReturnType<typeof residentMemory>;
  memoryAfterLoad: ReturnType<typeof residentMemory>;
  bodyBytes: number;
  taskCount: number;
  tickworkResults: ServedLoad[];
  bareResults: ServedLoad[];
}

function reportOf(measured: Measured): SuiteReport {
  const { plan, tickworkResults, bareResults } = measured;
  const noisy: string[] = [];
  const figure = (name: string, samples: number[]): Figure => {
    const result = figureOf(samples);
    if (isNoisy(result)) noisy.push(name);
    return result;
  };

  const firstHealth = figure('first start to /health', measured.first.map((start) => start.healthMs / 1000));
  const firstScheduler = figure('first start to scheduler started', measured.first.map((start) => start.schedulerStartedMs / 1000));
  const restartHealth = figure('restart to /health', measured.restart.map((start) => start.healthMs / 1000));
  const restartScheduler = figure('restart to scheduler started', measured.restart.map((start) => start.schedulerStartedMs / 1000));
  const idle = figure('idle CPU', measured.idlePercents);
  const idleTotal = measured.idlePercents.reduce((sum, value) => sum + value, 0) / measured.idlePercents.length;

  const tickworkRps = figure('Tickwork requests/s', tickworkResults.map((result) => result.requestsPerSecond));
  const bareRps = figure('bare requests/s', bareResults.map((result) => result.requestsPerSecond));
  const ratios = figure(
    'requests/s ratio',
    tickworkResults.map((result, index) => result.requestsPerSecond / (bareResults[index] as LoadResult).requestsPerSecond),
  );
  const tickworkP50 = figure('Tickwork p50', tickworkResults.map((result) => result.latencyP50));
  const tickworkP99 = figure('Tickwork p99', tickworkResults.map((result) => result.latencyP99));
  const bareP50 = figure('bare p50', bareResults.map((result) => result.latencyP50));
  const bareP99 = figure('bare p99', bareResults.map((result) => result.latencyP99));
  const tickworkCpu = figure('Tickwork CPU per request', tickworkResults.map((result) => result.serverCpuMsPerRequest));
  const bareCpu = figure('bare CPU per request', bareResults.map((result) => result.serverCpuMsPerRequest));
  const idleSeconds = plan.idleWindows * plan.idleWindowSeconds;
  const megabytes = (value: number) => value.toFixed(0);

  return {
    method: [
      `A generated plugin registers ${TASK_COUNT.toLocaleString('en-US')} no-op tasks, each with a one-hour interval trigger`,
      `(${measured.taskCount.toLocaleString('en-US')} tasks with the built-in ones). The server runs as \`pnpm start\` runs it after its build`,
      `(\`${START_COMMAND}\`, info logging, the default SQLite database in a new data folder).`,
      'Each repetition starts it on a new data folder, stops it, and starts it again on the same folder (a restart);',
      'start-up is the time from spawn to the first 200 from `/health`, and to the `time` of the engine\'s "Scheduler started" log line.',
      `The last restarted server then idles ${plan.settleSeconds} s (its CPU time over that period is reported on its own: it contains`,
      'the full garbage collection with which V8\'s memory reducer compacts the heap after start-up), and its CPU time (utime + stime',
      `of the process and its children, from /proc) is read over the next ${idleSeconds} s in ${plan.idleWindows} windows;`,
      'resident memory is VmRSS and VmHWM from /proc/<pid>/status.',
      `Then autocannon 8 sends \`GET /ScheduledTasks\` (${(measured.bodyBytes / 1e6).toFixed(2)} MB body) over ${LOAD_CONNECTIONS} keep-alive connections`,
      `for ${plan.loadSeconds} s, alternating with a bare \`node:http\` server in its own process that returns the same bytes and headers`,
      '(the practical ceiling), after a warm-up of each. The load generator runs in the benchmark process on the same two cores.',
    ].join(' '),
    tables: [
      {
        caption: 'Start-up, seconds',
        columns: ['start', 'spawn → /health', 'spawn → "Scheduler started"'],
        rows: [
          ['new database (creates 10,000 task rows)', formatFigure(firstHealth, 2), formatFigure(firstScheduler, 2)],
          ['restart on the same database', formatFigure(restartHealth, 2), formatFigure(restartScheduler, 2)],
        ],
      },
      {
        caption: 'Idle server and memory',
        columns: ['figure', 'value'],
        rows: [
          [`CPU in the first ${plan.settleSeconds} s after /health (start-up tail), % of one core`, measured.settleCpuPercent.toFixed(2)],
          [`idle CPU per ${plan.idleWindowSeconds} s window, % of one core`, formatFigure(idle, 2)],
          [`idle CPU over ${idleSeconds} s, % of one core`, idleTotal.toFixed(2)],
          ['VmRSS after the idle period, MiB', megabytes(measured.memoryIdle.rssMiB)],
          ['VmHWM (peak) after the idle period, MiB', megabytes(measured.memoryIdle.peakRssMiB)],
          ['VmRSS after the GET load, MiB', megabytes(measured.memoryAfterLoad.rssMiB)],
          ['VmHWM (peak) after the GET load, MiB', megabytes(measured.memoryAfterLoad.peakRssMiB)],
        ],
      },
      {
        caption: `GET /ScheduledTasks, ${LOAD_CONNECTIONS} connections`,
        columns: ['server', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU ms per request', 'requests/s / bare'],
        rows: [
          [
            'bare node:http, same bytes (baseline)',
            formatFigure(bareRps, 0),
            formatFigure(bareP50, 1),
            formatFigure(bareP99, 1),
            formatFigure(bareCpu, 2),
            '1.0×',
          ],
          [
            'Tickwork',
            formatFigure(tickworkRps, 0),
            formatFigure(tickworkP50, 1),
            formatFigure(tickworkP99, 1),
            formatFigure(tickworkCpu, 2),
            formatRatio(ratios.median),
          ],
        ],
      },
    ],
    verdicts: [
      {
        target: `GET /ScheduledTasks with ${TASK_COUNT.toLocaleString('en-US')} tasks at least ${TARGET_RATIO_OF_BARE * 100}% of the bare server's requests/s`,
        measured: `${(ratios.median * 100).toFixed(0)}% (${tickworkRps.median.toFixed(0)} against ${bareRps.median.toFixed(0)} requests/s)`,
        met: ratios.median >= TARGET_RATIO_OF_BARE,
      },
      {
        target: `Idle CPU under ${TARGET_IDLE_CPU_PERCENT}% of one core with ${TASK_COUNT.toLocaleString('en-US')} tasks`,
        measured: `${idleTotal.toFixed(2)}% over ${idleSeconds} s`,
        met: idleTotal < TARGET_IDLE_CPU_PERCENT,
      },
      {
        target: `Resident memory under ${TARGET_RSS_MB} MB`,
        measured: `${(measured.memoryIdle.rssMiB * MB_PER_MIB).toFixed(0)} MB (${megabytes(measured.memoryIdle.rssMiB)} MiB) VmRSS after the idle period (peak ${megabytes(measured.memoryIdle.peakRssMiB)} MiB)`,
        met: measured.memoryIdle.rssMiB * MB_PER_MIB < TARGET_RSS_MB,
      },
    ],
    notes: [
      `The load generator parses every ${(measured.bodyBytes / 1e6).toFixed(1)} MB response in JavaScript on the same two cores, ` +
        'so it can limit both servers to about the same requests/s. The server CPU time per request (from /proc, over each load run) ' +
        'compares the two servers without that limit.',
    ],
    noisy,
  };
}
