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

/** Describes a trigger in words: "Daily at 02:00", "Sundays at 03:00", "Every 6 hours", "On application startup". */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'daily':
      return `Daily at ${timeOfDayText(trigger.timeOfDayTicks ?? 0)}`;
    case 'weekly':
      return `${WEEKDAYS[trigger.dayOfWeek ?? 0]}s at ${timeOfDayText(trigger.timeOfDayTicks ?? 0)}`;
    case 'interval': {
      const span = spanText(trigger.intervalTicks ?? 0);
      return span.startsWith('1 ') ? `Every ${span.slice(2)}` : `Every ${span}`;
    }
    case 'startup':
      return 'On application startup';
    case 'systemEvent':
      return 'When the host wakes from sleep';
  }
}

/** "Time limit: 4 hours", or undefined when the trigger has none. */
export function describeTimeLimit(trigger: Trigger): string | undefined {
  return trigger.maxRuntimeTicks === undefined ? undefined : `Time limit: ${spanText(trigger.maxRuntimeTicks)}`;
}
