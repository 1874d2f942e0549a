/** Range of a .NET DateTime, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, in epoch milliseconds. */
const DATETIME_MIN_MS = Date.parse('0001-01-01T00:00:00.000Z');
const DATETIME_MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Formats an epoch-millisecond instant as Jellyfin writes task times: UTC, with
 * exactly 7 fraction digits and a literal `Z`, for example
 * `2025-01-05T04:00:00.1230000Z`. Engine times have millisecond precision, so
 * the last 4 digits are always 0. A fractional millisecond is truncated toward
 * the past.
 *
 * Throws a RangeError for a non-finite value or an instant outside the .NET
 * DateTime range (years 1 to 9999), which Jellyfin clients cannot parse.
 */
export function formatJellyfinDate(ms: number): string {
  if (!Number.isFinite(ms)) {
    throw new RangeError(`Cannot format ${ms} as a date: expected a finite number of epoch milliseconds.`);
  }

  const wholeMs = Math.floor(ms);
  if (wholeMs < DATETIME_MIN_MS || wholeMs > DATETIME_MAX_MS) {
    throw new RangeError(
      `Cannot format ${ms} as a date: it is outside years 1 to 9999 (${DATETIME_MIN_MS} to ${DATETIME_MAX_MS} epoch milliseconds).`,
    );
  }

  // toISOString gives `YYYY-MM-DDTHH:mm:ss.sssZ` for years 0 to 9999.
  const iso = new Date(wholeMs).toISOString();
  return `${iso.slice(0, -1)}0000Z`;
}
