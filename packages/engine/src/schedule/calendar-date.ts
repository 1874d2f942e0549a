import { DateTime } from 'luxon';
import type { DayOfWeek } from '../trigger.ts';
import { getTimeZone } from './time-zone.ts';

/** A date on a local calendar, without time of day or zone. `month` is 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Returns the local calendar date in `timeZone` at the instant `epochMs`.
 * Throws on an unknown zone or an instant outside the range of Date.
 */
export function getLocalDate(epochMs: number, timeZone: string): CalendarDate {
  const local = DateTime.fromMillis(epochMs, { zone: getTimeZone(timeZone) });
  if (!local.isValid) {
    throw new RangeError(`Invalid instant ${epochMs}: expected epoch milliseconds within the range of Date.`);
  }
  return { year: local.year, month: local.month, day: local.day };
}

/** Returns the date `days` calendar days after `date`. Negative `days` go back. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = toUtcDateTime(date).plus({ days });
  return { year: shifted.year, month: shifted.month, day: shifted.day };
}

/** Returns the day of the week of `date`, 0 = Sunday … 6 = Saturday. */
export function getDayOfWeek(date: CalendarDate): DayOfWeek {
  // Luxon numbers ISO weekdays 1 = Monday … 7 = Sunday.
  return (toUtcDateTime(date).weekday % 7) as DayOfWeek;
}

/**
 * Returns the epoch milliseconds of midnight at the start of `date` read as a UTC date.
 * Adding a time of day gives the local wall time as if the zone were UTC.
 * Throws a RangeError for a date that does not exist, such as February 30.
 */
export function getUtcMidnight(date: CalendarDate): number {
  const midnight = toUtcDateTime(date);
  if (!midnight.isValid) {
    throw new RangeError(
      `Invalid date ${date.year}-${date.month}-${date.day}: ${midnight.invalidExplanation ?? 'out of range'}.`,
    );
  }
  return midnight.toMillis();
}

// Luxon handles years 0–99 as written, unlike Date.UTC, which maps them to 1900–1999.
function toUtcDateTime(date: CalendarDate): DateTime {
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: 'utc' });
}
