import { TICKS_PER_MILLISECOND, type Trigger, type TriggerAnchor } from '../trigger.ts';
import { requireIntervalTicks } from './trigger-fields.ts';

/**
 * Returns the next interval fire instant (epoch ms), `trigger.intervalTicks` after the later
 * of the last fire (or `anchor.storedAt` if the trigger never fired) and `lastRunEndAt`.
 * Counting from the end of the last run keeps a run that outlasts the interval from being
 * followed at once by another. The arithmetic is plain UTC with no cap on the interval, and
 * the interval is truncated to whole milliseconds.
 * Throws if `intervalTicks` is missing or shorter than 1 ms.
 */
export function nextIntervalFire(trigger: Trigger, anchor: TriggerAnchor, lastRunEndAt?: number): number {
  const intervalTicks = requireIntervalTicks(trigger, 'interval');
  const intervalStart = Math.max(anchor.lastFireAt ?? anchor.storedAt, lastRunEndAt ?? -Infinity);
  return intervalStart + Math.floor(intervalTicks / TICKS_PER_MILLISECOND);
}
