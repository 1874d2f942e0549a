/** Figures over the repetitions of a fire measurement, shared by the fire suites. */
import type { Figure } from '../harness/types.ts';
import type { FireResult } from '../drivers/types.ts';
import { figureOf, isNoisy, quantile } from '../stats.ts';

export interface FireFigures {
  p50: Figure;
  p99: Figure;
  max: Figure;
  firesPerSecond: Figure;
  /** Fires counted over every repetition. */
  fires: number;
  missed: number;
  duplicates: number;
}

/** Lateness quantiles per repetition, then the median, min and max of each over the repetitions. */
export function fireFigures(results: FireResult[]): FireFigures {
  const counted = results.filter((result) => result.lateness.length > 0);
  if (counted.length === 0) throw new Error('No fire was recorded in any repetition.');
  return {
    p50: figureOf(counted.map((result) => quantile(result.lateness, 0.5))),
    p99: figureOf(counted.map((result) => quantile(result.lateness, 0.99))),
    max: figureOf(counted.map((result) => Math.max(...result.lateness))),
    firesPerSecond: figureOf(results.map((result) => result.firesPerSecond)),
    fires: results.reduce((sum, result) => sum + result.lateness.length, 0),
    missed: results.reduce((sum, result) => sum + result.missed, 0),
    duplicates: results.reduce((sum, result) => sum + result.duplicates, 0),
  };
}

/** Names of the figures of one row whose spread makes them noisy, for SuiteReport.noisy. */
export function noisyFireFigures(label: string, figures: FireFigures): string[] {
  return (['p50', 'p99', 'max'] as const)
    .filter((name) => isNoisy(figures[name]))
    .map((name) => `${label} lateness ${name}`);
}
