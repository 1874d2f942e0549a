import type { Figure } from './harness/types.ts';

/** The value at quantile q (0–1) of a sample, by the nearest-rank method. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max) max = value;
  return { count: values.length, p50: quantile(values, 0.5), p99: quantile(values, 0.99), max };
}

/** Wall-clock time in milliseconds with sub-millisecond precision, comparable across processes. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The median, min and max of repeated measurements of one figure. */
export function figureOf(samples: number[]): Figure {
  if (samples.length === 0) throw new Error('a figure needs at least one sample');
  return { samples, median: quantile(samples, 0.5), min: Math.min(...samples), max: Math.max(...samples) };
}

/** Runs a measurement `times` times, one after another, and returns every result. */
export async function repeat<T>(times: number, measure: (repetition: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let repetition = 0; repetition < times; repetition += 1) results.push(await measure(repetition));
  return results;
}

/** True when a figure's spread exceeds a quarter of its median: the report flags it as noisy. */
export function isNoisy(figure: Figure): boolean {
  return figure.median !== 0 && (figure.max - figure.min) / Math.abs(figure.median) > 0.25;
}

/** Formats a figure as "median (min–max)" with the given number of decimals. */
export function formatFigure(figure: Figure, decimals = 1): string {
  const format = (value: number) =>
    value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (figure.samples.length === 1) return format(figure.median);
  return `${format(figure.median)} (${format(figure.min)}–${format(figure.max)})`;
}

/** Formats a ratio such as 2.35 as "2.4×". */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(ratio >= 10 ? 0 : ratio >= 1 ? 1 : 2)}×`;
}
