/** Time and duration wording shared by the portal's pages. Times are shown in the viewer's zone unless one is given. */

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const RELATIVE_STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 hours ago", "in 5 minutes", "now": the largest whole unit between two instants. */
export function formatRelative(at: Date, now: Date): string {
  let value = (at.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return relative.format(Math.round(value), 'year');
}

/**
 * Formats a past instant as "3 hours ago", or "just now" within the last 10 s.
 * Instants slightly ahead of `now` also read "just now", because the page's
 * clock is refreshed only every half minute.
 */
export function formatAgo(at: Date, now: Date): string {
  if (at.getTime() > now.getTime() - 10_000) return 'just now';
  return formatRelative(at, now);
}

/** "less than a second", "12 s", "2 min", "1 h 5 min", "3 d 4 h": a run's duration in at most two units. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return 'less than a second';
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * "Sat 5 Dec, 02:00" in the given IANA zone (the viewer's when omitted).
 * Intl applies that zone's offset for the instant itself, so DST days show the wall-clock time of that day.
 */
export function formatDateTime(at: Date, timeZone?: string, withSeconds = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

/** Returns the abbreviated zone name at an instant, such as "CET" or "GMT+1". */
export function zoneName(at: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/** "Sat 5 Dec, 14:05 CET": a date and time with the zone's abbreviation, in the given zone or the viewer's. */
export function formatZonedDateTime(at: Date, timeZone?: string, withSeconds = false): string {
  return `${formatDateTime(at, timeZone, withSeconds)} ${zoneName(at, timeZone)}`;
}

/** Returns the viewer's IANA time zone, such as "Europe/Berlin", as the browser reports it. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
