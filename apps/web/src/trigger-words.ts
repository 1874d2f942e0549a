import type { TaskDto } from '@tickwork/api';

import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, timeOfDayText } from './ticks';

export type Trigger = TaskDto['triggers'][number];

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "1 hour", "6 hours", "90 minutes", "2 days": a tick count in the largest unit that divides it. */
export function spanText(ticks: number): string {
  const [count, unit] =
    ticks % TICKS_PER_DAY === 0
      ? [ticks / TICKS_PER_DAY, 'day']
      : ticks % TICKS_PER_HOUR === 0
        ? [ticks / TICKS_PER_HOUR, 'hour']
        : ticks % TICKS_PER_MINUTE === 0
          ? [ticks / TICKS_PER_MINUTE, 'minute']
          : [Math.round(ticks / 10_000_000), 'second'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * "Every hour", "Every 24 hours", "Every 90 minutes": an interval in hours or
 * minutes, never days, so that a 24-hour interval does not read like a daily trigger.
 * The engine's activity entries use the same wording.
 */
export function intervalText(ticks: number): string {
  if (ticks % TICKS_PER_HOUR === 0) return ticks === TICKS_PER_HOUR ? 'Every hour' : `Every ${ticks / TICKS_PER_HOUR} hours`;
  if (ticks % TICKS_PER_MINUTE === 0) return ticks === TICKS_PER_MINUTE ? 'Every minute' : `Every ${ticks / TICKS_PER_MINUTE} minutes`;
  const seconds = Math.round(ticks / 10_000_000);
  return seconds === 1 ? 'Every second' : `Every ${seconds} seconds`;
}

/** Describes a trigger in words: "Daily at 02:00", "Sundays at 03:00", "Every 24 hours", "On application startup". */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'daily':
      return `Daily at ${timeOfDayText(trigger.timeOfDayTicks ?? 0)}`;
    case 'weekly':
      return `${WEEKDAYS[trigger.dayOfWeek ?? 0]}s at ${timeOfDayText(trigger.timeOfDayTicks ?? 0)}`;
    case 'interval':
      return intervalText(trigger.intervalTicks ?? 0);
    case 'startup':
      return 'On application startup';
    case 'systemEvent':
      return 'When the host wakes from sleep';
  }
}

/**
 * Describes a trigger with its time limit when it has one, in the words of the
 * server's activity entries: "Saturdays at 22:30, time limit 2 hours".
 */
export function describeTriggerWithLimit(trigger: Trigger): string {
  const limit = trigger.maxRuntimeTicks === undefined ? '' : `, time limit ${spanText(trigger.maxRuntimeTicks)}`;
  return `${describeTrigger(trigger)}${limit}`;
}

/** "Time limit: 4 hours", for a line of its own, or undefined when the trigger has none. */
export function describeTimeLimit(trigger: Trigger): string | undefined {
  return trigger.maxRuntimeTicks === undefined ? undefined : `Time limit: ${spanText(trigger.maxRuntimeTicks)}`;
}
