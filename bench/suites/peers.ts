/**
 * The peer scheduler drivers (BullMQ on Redis, graphile-worker on
 * PostgreSQL), loaded when their files exist. A suite still runs without
 * them and says in its report which peer was not measured.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { FireResult, FireScenario, ThroughputResult, ThroughputScenario } from '../drivers/types.ts';

export interface PeerOptions {
  log(message: string): void;
}

export interface BullmqDriver {
  measureBullmqFires(scenario: FireScenario, options: PeerOptions): Promise<FireResult>;
  measureBullmqThroughput(scenario: ThroughputScenario, options: PeerOptions): Promise<ThroughputResult>;
}

export interface GraphileDriver {
  /** Minute-granular cron: every task fires at each minute boundary, for `minutes` boundaries. */
  measureGraphileCronFires(scenario: { tasks: number; minutes: number }, options: PeerOptions): Promise<FireResult>;
  measureGraphileThroughput(scenario: ThroughputScenario, options: PeerOptions): Promise<ThroughputResult>;
}

async function loadDriver<T>(file: string): Promise<T | undefined> {
  const url = new URL(`../drivers/${file}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  return (await import(url.href)) as T;
}

/** Returns the BullMQ driver, or undefined when bench/drivers/bullmq.ts does not exist. */
export function loadBullmq(): Promise<BullmqDriver | undefined> {
  return loadDriver<BullmqDriver>('bullmq.ts');
}

/** Returns the graphile-worker driver, or undefined when bench/drivers/graphile-worker.ts does not exist. */
export function loadGraphile(): Promise<GraphileDriver | undefined> {
  return loadDriver<GraphileDriver>('graphile-worker.ts');
}
