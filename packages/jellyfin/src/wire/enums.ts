/**
 * Jellyfin enum names and their mapping to engine values. Jellyfin writes every
 * enum as its name, and the order of each `*_NAMES` list is the .NET integer
 * value that Jellyfin also accepts on input.
 */

import type { DayOfWeek, RunStatus, SystemEvent, TaskState, TriggerKind } from '@tickwork/engine';

export type JellyfinTaskState = 'Idle' | 'Cancelling' | 'Running';

export type JellyfinTaskCompletionStatus = 'Completed' | 'Failed' | 'Cancelled' | 'Aborted';

/** `SystemEventTrigger` is not in the 10.11 schema, but Tickwork still reads and writes it. */
export type JellyfinTriggerType =
  | 'DailyTrigger'
  | 'WeeklyTrigger'
  | 'IntervalTrigger'
  | 'StartupTrigger'
  | 'SystemEventTrigger';

export type JellyfinDayOfWeek =
  | 'Sunday'
  | 'Monday'
  | 'Tuesday'
  | 'Wednesday'
  | 'Thursday'
  | 'Friday'
  | 'Saturday';

export type JellyfinSystemEvent = 'WakeFromSleep';

export const TASK_STATE_NAMES: Readonly<Record<TaskState, JellyfinTaskState>> = {
  idle: 'Idle',
  running: 'Running',
  cancelling: 'Cancelling',
};

export const TASK_COMPLETION_STATUS_NAMES: Readonly<Record<RunStatus, JellyfinTaskCompletionStatus>> = {
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  aborted: 'Aborted',
};

/** Long trigger type names by their integer value 0 to 4. */
export const TRIGGER_TYPE_NAMES: readonly JellyfinTriggerType[] = [
  'DailyTrigger',
  'WeeklyTrigger',
  'IntervalTrigger',
  'StartupTrigger',
  'SystemEventTrigger',
];

/** Engine trigger kinds in the same order as `TRIGGER_TYPE_NAMES`. */
export const TRIGGER_KINDS: readonly TriggerKind[] = ['daily', 'weekly', 'interval', 'startup', 'systemEvent'];

/** Day names by .NET DayOfWeek value, 0 = Sunday, matching the engine's `DayOfWeek`. */
export const DAY_OF_WEEK_NAMES: readonly JellyfinDayOfWeek[] = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

/** System event names by integer value. `WakeFromSleep` is the only one Jellyfin ever had. */
export const SYSTEM_EVENT_NAMES: readonly JellyfinSystemEvent[] = ['WakeFromSleep'];

/** Engine system events in the same order as `SYSTEM_EVENT_NAMES`. */
export const SYSTEM_EVENTS: readonly SystemEvent[] = ['wakeFromSleep'];

export function triggerTypeName(kind: TriggerKind): JellyfinTriggerType {
  const name = TRIGGER_TYPE_NAMES[TRIGGER_KINDS.indexOf(kind)];
  if (name === undefined) {
    throw new RangeError(`Unknown trigger kind ${JSON.stringify(kind)}: expected one of ${TRIGGER_KINDS.join(', ')}.`);
  }
  return name;
}

export function dayOfWeekName(day: DayOfWeek): JellyfinDayOfWeek {
  const name = DAY_OF_WEEK_NAMES[day];
  if (name === undefined) {
    throw new RangeError(`Unknown day of week ${JSON.stringify(day)}: expected an integer from 0 (Sunday) to 6 (Saturday).`);
  }
  return name;
}

export function systemEventName(event: SystemEvent): JellyfinSystemEvent {
  const name = SYSTEM_EVENT_NAMES[SYSTEM_EVENTS.indexOf(event)];
  if (name === undefined) {
    throw new RangeError(`Unknown system event ${JSON.stringify(event)}: expected ${SYSTEM_EVENTS.join(', ')}.`);
  }
  return name;
}
