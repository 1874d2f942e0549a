import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from './trigger.ts';
import type { Trigger } from './trigger.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "02:00" for a time of day in ticks since midnight. */
function timeOfDayText(ticks: number): string {
  const totalMinutes = Math.floor(ticks / TICKS_PER_MINUTE);
  return `${String(Math.floor(totalMinutes / 60)).padStart(2, '0')}:${String(totalMinutes % 60).padStart(2, '0')}`;
}

function countText(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * "Every hour", "Every 24 hours", "Every 90 minutes": an interval in hours or
 * minutes, never days, so that a 24-hour interval does not read like a daily trigger.
 */
export function intervalText(ticks: number): string {
  if (ticks % TICKS_PER_HOUR === 0) return ticks === TICKS_PER_HOUR ? 'Every hour' : `Every ${ticks / TICKS_PER_HOUR} hours`;
  if (ticks % TICKS_PER_MINUTE === 0) return ticks === TICKS_PER_MINUTE ? 'Every minute' : `Every ${ticks / TICKS_PER_MINUTE} minutes`;
  const seconds = Math.round(ticks / TICKS_PER_SECOND);
  return seconds === 1 ? 'Every second' : `Every ${seconds} seconds`;
}

/** "4 hours", "90 minutes", "2 days": a span in the largest unit that divides it. */
function spanText(ticks: number): string {
  if (ticks % TICKS_PER_DAY === 0) return countText(ticks / TICKS_PER_DAY, 'day');
  if (ticks % TICKS_PER_HOUR === 0) return countText(ticks / TICKS_PER_HOUR, 'hour');
  if (ticks % TICKS_PER_MINUTE === 0) return countText(ticks / TICKS_PER_MINUTE, 'minute');
  return countText(Math.round(ticks / TICKS_PER_SECOND), 'second');
}

/**
 * Describes a trigger in words, with its time limit when it has one:
 * "Daily at 03:00", "Sundays at 03:00, time limit 4 hours", "Every 12 hours".
 * The portal's trigger editor words its preview the same way.
 * Times of day are in the server's time zone, as the trigger stores them.
 */
export function describeTrigger(trigger: Trigger): string {
  const limit = trigger.maxRuntimeTicks === undefined ? '' : `, time limit ${spanText(trigger.maxRuntimeTicks)}`;
  switch (trigger.kind) {
    case 'daily':
      return `Daily at ${timeOfDayText(trigger.timeOfDayTicks ?? 0)}${limit}`;
    case 'weekly':
      return `${WEEKDAYS[trigger.dayOfWeek ?? 0]}s at ${timeOfDayText(trigger.timeOfDayTicks ?? 0)}${limit}`;
    case 'interval':
      return `${intervalText(trigger.intervalTicks ?? 0)}${limit}`;
    case 'startup':
      return `On application startup${limit}`;
    case 'systemEvent':
      return `When the host wakes from sleep${limit}`;
  }
}

/** Describes a trigger list as "Daily at 03:00; Every 12 hours", and an empty list as having no triggers. */
export function describeTriggers(triggers: Trigger[]): string {
  if (triggers.length === 0) return 'no triggers (it runs only when started by hand)';
  return triggers.map(describeTrigger).join('; ');
}
