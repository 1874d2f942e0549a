const UNITS: Array<[name: string, seconds: number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * Writes a duration the way Jellyfin's activity log does, for example
 * "1 hour, 2 minutes and 3 seconds" (a year is 365 days, a month 30 days).
 * Zero units are left out; "0 seconds" is written when nothing else is.
 */
export function formatRunningTime(milliseconds: number): string {
  let remaining = Math.max(0, Math.floor(milliseconds / 1000));
  const parts: string[] = [];
  for (const [name, seconds] of UNITS) {
    const count = Math.floor(remaining / seconds);
    remaining -= count * seconds;
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  if (parts.length === 0) return '0 seconds';
  if (parts.length === 1) return parts[0] as string;
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
