/**
 * Triggers as the engine sees them. Every optional field is kept as it was
 * stored, even one that its kind does not use, so that what an administrator
 * stored is exactly what is read back. Times are in .NET ticks (100 ns), the
 * unit of the Jellyfin API, so stored values round-trip without rounding.
 */
export type TriggerKind = 'daily' | 'weekly' | 'interval' | 'startup' | 'systemEvent';

/** 0 = Sunday … 6 = Saturday, as in JavaScript's Date#getDay and .NET's DayOfWeek. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type SystemEvent = 'wakeFromSleep';

export interface Trigger {
  kind: TriggerKind;
  /** Local time of day since midnight; required for daily and weekly. */
  timeOfDayTicks?: number;
  /** Required for interval. */
  intervalTicks?: number;
  /** Required for weekly. */
  dayOfWeek?: DayOfWeek;
  /** Time limit for runs this trigger starts. */
  maxRuntimeTicks?: number;
  /** Required for systemEvent. */
  systemEvent?: SystemEvent;
}

/** Per-trigger state that survives restarts. Times are Unix epoch milliseconds. */
export interface TriggerAnchor {
  /** When this trigger was stored (or first seen, for default triggers). */
  storedAt: number;
  /** The instant this trigger last fired, if it ever did. */
  lastFireAt?: number;
}

export const TICKS_PER_MILLISECOND = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 600_000_000;
export const TICKS_PER_HOUR = 36_000_000_000;
export const TICKS_PER_DAY = 864_000_000_000;

export function ticksToMilliseconds(ticks: number): number {
  return ticks / TICKS_PER_MILLISECOND;
}

export function millisecondsToTicks(milliseconds: number): number {
  return Math.round(milliseconds * TICKS_PER_MILLISECOND);
}

/** Accepted ranges, shared by every adapter that validates trigger input. */
export const TRIGGER_LIMITS = {
  /** 0 ≤ timeOfDayTicks < one day. */
  timeOfDayTicksMax: TICKS_PER_DAY - 1,
  /** Interval: 1 s to 366 days. */
  intervalTicksMin: TICKS_PER_SECOND,
  intervalTicksMax: 366 * TICKS_PER_DAY,
  /** Time limit: 1 s to 366 days. */
  maxRuntimeTicksMin: TICKS_PER_SECOND,
  maxRuntimeTicksMax: 366 * TICKS_PER_DAY,
  /** Triggers per task. */
  maxTriggers: 64,
} as const;
