import type { Trigger, TriggerAnchor } from '../trigger.ts';
import { nextDailyFire } from './daily.ts';
import { nextIntervalFire } from './interval.ts';
import { nextWeeklyFire } from './weekly.ts';

/**
 * Returns the next fire instant (epoch ms) of `trigger`. Daily and weekly triggers fire
 * strictly after the last fire, or after `anchor.storedAt` if they never fired. Interval
 * triggers follow `nextIntervalFire`. Startup and systemEvent triggers return undefined
 * because events, not the clock, start them.
 * Throws if a field that the kind requires is missing or the zone is unknown.
 */
export function nextFireTime(
  trigger: Trigger,
  anchor: TriggerAnchor,
  timeZone: string,
  lastRunEndAt?: number,
): number | undefined {
  const lastFireOrStoredAt = anchor.lastFireAt ?? anchor.storedAt;

  switch (trigger.kind) {
    case 'daily':
      return nextDailyFire(trigger, lastFireOrStoredAt, timeZone);
    case 'weekly':
      return nextWeeklyFire(trigger, lastFireOrStoredAt, timeZone);
    case 'interval':
      return nextIntervalFire(trigger, anchor, lastRunEndAt);
    case 'startup':
    case 'systemEvent':
      return undefined;
    default: {
      const unknownKind: never = trigger.kind;
      throw new Error(`Unknown trigger kind "${String(unknownKind)}".`);
    }
  }
}
