import { IANAZone } from 'luxon';

/** Returns whether `name` is an IANA time zone that this runtime's Intl data supports. */
export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** Looks up an IANA time zone. Throws if the runtime does not support `name`. */
export function getTimeZone(name: string): IANAZone {
  if (!isValidTimeZone(name)) {
    throw new Error(`Invalid time zone "${name}": expected an IANA name such as "Europe/Berlin" or "UTC".`);
  }
  return IANAZone.create(name);
}

/**
 * Returns the zone's UTC offset in milliseconds at `epochMs`. Luxon reports the offset in
 * minutes, which can be fractional for historical local mean time, so the result is rounded
 * to whole milliseconds.
 */
export function getOffsetMilliseconds(zone: IANAZone, epochMs: number): number {
  return Math.round(zone.offset(epochMs) * 60_000);
}
