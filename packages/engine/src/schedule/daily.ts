import type { Trigger } from '../trigger.ts';
import { addDays, getLocalDate } from './calendar-date.ts';
import { resolveLocalTime } from './local-time.ts';
import { requireTimeOfDayTicks } from './trigger-fields.ts';

/** Maximum local dates the search loop tries, well above the 3 that it needs. */
const MAX_DATES_TRIED = 8;

/**
 * Returns the first daily fire instant (epoch ms) strictly after `afterMs`, at
 * `trigger.timeOfDayTicks` local time in `timeZone`. Each local day fires once. On a
 * spring-forward day a time in the gap fires at the transition, and on a fall-back day a
 * time in the overlap fires at its first occurrence only.
 * Throws if `timeOfDayTicks` is missing or the zone is unknown.
 */
export function nextDailyFire(trigger: Trigger, afterMs: number, timeZone: string): number {
  const timeOfDayTicks = requireTimeOfDayTicks(trigger, 'daily');

  // A fire on the previous local date can still lie after afterMs, so the search starts a
  // day early. Fire instants increase with the date, so the third date is late enough
  // unless the zone moves its clock back by a day or more.
  let date = addDays(getLocalDate(afterMs, timeZone), -1);
  for (let attempt = 0; attempt < MAX_DATES_TRIED; attempt++) {
    const fire = resolveLocalTime(date.year, date.month, date.day, timeOfDayTicks, timeZone);
    if (fire > afterMs) {
      return fire;
    }
    date = addDays(date, 1);
  }
  throw new Error(
    `No daily fire after ${new Date(afterMs).toISOString()} found in ${MAX_DATES_TRIED} local dates of ${timeZone}.`,
  );
}
