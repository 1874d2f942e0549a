import type { IANAZone } from 'luxon';
import { TICKS_PER_MILLISECOND, TRIGGER_LIMITS } from '../trigger.ts';
import { getUtcMidnight } from './calendar-date.ts';
import { getOffsetMilliseconds, getTimeZone } from './time-zone.ts';

const MILLISECONDS_PER_DAY = 86_400_000;

/**
 * Resolves a local wall time in an IANA zone to epoch milliseconds. `month` is 1–12 and
 * `timeOfDayTicks` counts 100 ns ticks since local midnight, truncated to whole milliseconds.
 *
 * A wall time in a spring-forward gap does not exist, so it resolves to the first instant
 * after the gap, which is the transition itself. For example, 02:30 in Berlin on the last
 * Sunday of March resolves to the instant shown as 03:00. A wall time in a fall-back overlap
 * occurs twice and resolves to the first occurrence, the earlier UTC instant.
 *
 * Throws on an unknown zone, a date that does not exist, or a time of day outside
 * 0 to `TRIGGER_LIMITS.timeOfDayTicksMax`.
 */
export function resolveLocalTime(
  year: number,
  month: number,
  day: number,
  timeOfDayTicks: number,
  timeZone: string,
): number {
  validateTimeOfDayTicks(timeOfDayTicks);
  const zone = getTimeZone(timeZone);
  const wallMs = getUtcMidnight({ year, month, day }) + Math.floor(timeOfDayTicks / TICKS_PER_MILLISECOND);

  const offsets = collectNearbyOffsets(zone, wallMs);
  const occurrences = offsets
    .map((offset) => wallMs - offset)
    .filter((instant) => getOffsetMilliseconds(zone, instant) === wallMs - instant);
  if (occurrences.length > 0) {
    return Math.min(...occurrences);
  }

  return findGapEnd(zone, wallMs, offsets);
}

function validateTimeOfDayTicks(timeOfDayTicks: number): void {
  if (Number.isFinite(timeOfDayTicks) && timeOfDayTicks >= 0 && timeOfDayTicks <= TRIGGER_LIMITS.timeOfDayTicksMax) {
    return;
  }
  throw new RangeError(
    `Invalid timeOfDayTicks ${timeOfDayTicks}: expected 0 to ${TRIGGER_LIMITS.timeOfDayTicksMax} (ticks of 100 ns since midnight).`,
  );
}

/**
 * Returns the distinct UTC offsets (ms) that a wall time could use. These are the offsets
 * a day before and a day after it, plus the offset at each instant those two map it to,
 * which adds the offset of a transition between the two sample points.
 *
 * NOTE: a zone that changes offset twice within a day either side of the wall time may
 * resolve to the wrong occurrence. No test covers such a zone.
 */
function collectNearbyOffsets(zone: IANAZone, wallMs: number): number[] {
  const offsets = new Set<number>([
    getOffsetMilliseconds(zone, wallMs - MILLISECONDS_PER_DAY),
    getOffsetMilliseconds(zone, wallMs + MILLISECONDS_PER_DAY),
  ]);
  for (const offset of [...offsets]) {
    offsets.add(getOffsetMilliseconds(zone, wallMs - offset));
  }
  return [...offsets];
}

/**
 * Returns the first instant whose local wall time is at or after `wallMs`, for a wall time
 * that falls in a gap. A binary search to the millisecond between the instants that the
 * largest and smallest offsets give finds the transition, where the local time jumps
 * over `wallMs`.
 */
function findGapEnd(zone: IANAZone, wallMs: number, offsets: number[]): number {
  let before = wallMs - Math.max(...offsets);
  let atOrAfter = wallMs - Math.min(...offsets);

  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (middle + getOffsetMilliseconds(zone, middle) >= wallMs) {
      atOrAfter = middle;
    } else {
      before = middle;
    }
  }
  return atOrAfter;
}
