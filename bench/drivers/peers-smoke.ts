// Runs the peer drivers (BullMQ, graphile-worker) once each and prints what
// they measured, so the drivers can be checked by hand without the suites.
//
//   pnpm exec tsx bench/drivers/peers-smoke.ts [--full] [--only bullmq-fires,graphile-cron,...]
//
// The small scale takes about 2 minutes, most of it waiting for a cron minute;
// --full runs the scale the benchmark uses and takes about 5 minutes.
import os from 'node:os';
import { parseArgs } from 'node:util';

import { summarize } from '../stats.ts';
import { measureBullmqFires, measureBullmqThroughput } from './bullmq.ts';
import { measureGraphileCronFires, measureGraphileThroughput } from './graphile-worker.ts';
import type { FireResult, ThroughputResult } from './types.ts';

const { values: flags } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const scale = flags.full
  ? {
      fires: { tasks: 1_000, intervalMs: 10_000, durationMs: 30_000, warmUpMs: 10_000 },
      runs: 10_000,
      cron: { tasks: 1_000, minutes: 2 },
    }
  : {
      fires: { tasks: 100, intervalMs: 2_000, durationMs: 10_000, warmUpMs: 4_000 },
      runs: 2_000,
      cron: { tasks: 10, minutes: 1 },
    };

const log = (message: string) => console.error(`[peers] ${new Date().toISOString()} ${message}`);
const options = { log };

const measurements: Array<{ name: string; measure: () => Promise<FireResult | ThroughputResult> }> = [
  { name: 'bullmq-fires', measure: () => measureBullmqFires(scale.fires, options) },
  { name: 'bullmq-throughput', measure: () => measureBullmqThroughput({ runs: scale.runs }, options) },
  { name: 'graphile-cron', measure: () => measureGraphileCronFires(scale.cron, options) },
  { name: 'graphile-throughput', measure: () => measureGraphileThroughput({ runs: scale.runs }, options) },
];
const only = flags.only?.split(',').map((name) => name.trim());

let failures = 0;
for (const { name, measure } of measurements) {
  if (only !== undefined && !only.includes(name)) continue;

  try {
    const loadBefore = os.loadavg()[0] ?? 0;
    const result = await measure();
    const load = `load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after`;
    console.log(`${name}: ${describe(result)} (${load})`);
  } catch (error) {
    failures += 1;
    console.log(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exitCode = failures > 0 ? 1 : 0;

function describe(result: FireResult | ThroughputResult): string {
  if ('lateness' in result) {
    const { count, p50, p99, max } = summarize(result.lateness);
    const ms = (value: number) => value.toFixed(1);
    return (
      `${count} fires, lateness p50 ${ms(p50)} ms, p99 ${ms(p99)} ms, max ${ms(max)} ms, ` +
      `${result.missed} missed, ${result.duplicates} duplicates, ${result.firesPerSecond.toFixed(1)} fires/s`
    );
  }
  return `${result.completed} completed in ${result.seconds.toFixed(2)} s, ${result.runsPerSecond.toFixed(0)} runs/s`;
}
