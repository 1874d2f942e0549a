/** .NET ticks (100 ns), the unit of the API's trigger fields, and the conversions the portal needs. */
export const TICKS_PER_MINUTE = 600_000_000;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

/** "02:00" for a time of day in ticks since midnight. */
export function timeOfDayText(ticks: number): string {
  const totalMinutes = Math.floor(ticks / TICKS_PER_MINUTE);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Ticks since midnight for "HH:MM", or undefined when the text is not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return (hours * 60 + minutes) * TICKS_PER_MINUTE;
}
