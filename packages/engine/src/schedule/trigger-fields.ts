import { TICKS_PER_MILLISECOND, type DayOfWeek, type Trigger, type TriggerKind } from '../trigger.ts';

/** Returns `trigger.timeOfDayTicks`. Throws if it is missing, naming `kind` and the field. */
export function requireTimeOfDayTicks(trigger: Trigger, kind: TriggerKind): number {
  if (trigger.timeOfDayTicks === undefined) {
    throw new Error(`${kind} trigger is missing timeOfDayTicks: set the local time of day in ticks since midnight.`);
  }
  return trigger.timeOfDayTicks;
}

/** Returns `trigger.dayOfWeek`. Throws if it is missing or not an integer from 0 to 6. */
export function requireDayOfWeek(trigger: Trigger, kind: TriggerKind): DayOfWeek {
  const dayOfWeek = trigger.dayOfWeek;
  if (dayOfWeek === undefined) {
    throw new Error(`${kind} trigger is missing dayOfWeek: set 0 (Sunday) to 6 (Saturday).`);
  }
  if (!Number.isInteger(dayOfWeek) || dayOfWeek < 0 || dayOfWeek > 6) {
    throw new RangeError(`Invalid dayOfWeek ${dayOfWeek} on ${kind} trigger: expected 0 (Sunday) to 6 (Saturday).`);
  }
  return dayOfWeek;
}

/**
 * Returns `trigger.intervalTicks`. Throws if it is missing or shorter than 1 ms, because a
 * shorter interval would put the next fire at the last one and fire without end.
 */
export function requireIntervalTicks(trigger: Trigger, kind: TriggerKind): number {
  const intervalTicks = trigger.intervalTicks;
  if (intervalTicks === undefined) {
    throw new Error(`${kind} trigger is missing intervalTicks: set the time between fires in ticks.`);
  }
  if (!Number.isFinite(intervalTicks) || intervalTicks < TICKS_PER_MILLISECOND) {
    throw new RangeError(
      `Invalid intervalTicks ${intervalTicks} on ${kind} trigger: expected at least ${TICKS_PER_MILLISECOND} (1 ms).`,
    );
  }
  return intervalTicks;
}
