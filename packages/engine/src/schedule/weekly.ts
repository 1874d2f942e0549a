import type { Trigger } from '../trigger.ts';
import { addDays, getDayOfWeek, getLocalDate } from './calendar-date.ts';
import { resolveLocalTime } from './local-time.ts';
import { requireDayOfWeek, requireTimeOfDayTicks } from './trigger-fields.ts';

/** Maximum matching dates the search loop tries, well above the 2 that it needs. */
const MAX_WEEKS_TRIED = 4;

/**
 * Returns the first weekly fire instant (epoch ms) strictly after `afterMs`, on
 * `trigger.dayOfWeek` of the local calendar in `timeZone` at `trigger.timeOfDayTicks`.
 * A fire equal to `afterMs` does not count, so the next one is 7 days later. Gaps and
 * overlaps resolve as for daily triggers.
 * Throws if `timeOfDayTicks` or `dayOfWeek` is missing or the zone is unknown.
 */
export function nextWeeklyFire(trigger: Trigger, afterMs: number, timeZone: string): number {
  const timeOfDayTicks = requireTimeOfDayTicks(trigger, 'weekly');
  const dayOfWeek = requireDayOfWeek(trigger, 'weekly');

  // As in nextDailyFire, the search starts a day before the local date of afterMs, at the
  // first date from there that falls on dayOfWeek.
  const dayBefore = addDays(getLocalDate(afterMs, timeZone), -1);
  let date = addDays(dayBefore, (dayOfWeek - getDayOfWeek(dayBefore) + 7) % 7);
  for (let attempt = 0; attempt < MAX_WEEKS_TRIED; attempt++) {
    const fire = resolveLocalTime(date.year, date.month, date.day, timeOfDayTicks, timeZone);
    if (fire > afterMs) {
      return fire;
    }
    date = addDays(date, 7);
  }
  throw new Error(
    `No weekly fire after ${new Date(afterMs).toISOString()} found in ${MAX_WEEKS_TRIED} weeks of ${timeZone}.`,
  );
}
