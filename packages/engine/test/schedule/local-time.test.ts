import { describe, it, expect } from 'vitest';
import { resolveLocalTime } from '../../src/schedule/local-time.ts';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../src/trigger.ts';

function ticksAt(hours: number, minutes: number, seconds = 0): number {
  return hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND;
}

function resolveToIso(zone: string, date: string, timeOfDayTicks: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(resolveLocalTime(year, month, day, timeOfDayTicks, zone)).toISOString();
}

const LAST_TICK_OF_DAY = 863_999_999_999;

describe('resolveLocalTime', () => {
  const cases: Array<{ name: string; zone: string; date: string; ticks: number; expected: string }> = [
    // Europe/Berlin: 02:00 CET -> 03:00 CEST on 2024-03-31, 03:00 CEST -> 02:00 CET on 2024-10-27.
    { name: 'Berlin before the gap', zone: 'Europe/Berlin', date: '2024-03-31', ticks: ticksAt(1, 59, 59) + 9_990_000, expected: '2024-03-31T00:59:59.999Z' },
    { name: 'Berlin gap start', zone: 'Europe/Berlin', date: '2024-03-31', ticks: ticksAt(2, 0), expected: '2024-03-31T01:00:00.000Z' },
    { name: 'Berlin inside the gap', zone: 'Europe/Berlin', date: '2024-03-31', ticks: ticksAt(2, 30), expected: '2024-03-31T01:00:00.000Z' },
    { name: 'Berlin last tick of the gap', zone: 'Europe/Berlin', date: '2024-03-31', ticks: ticksAt(2, 59, 59) + 9_999_999, expected: '2024-03-31T01:00:00.000Z' },
    { name: 'Berlin after the gap', zone: 'Europe/Berlin', date: '2024-03-31', ticks: ticksAt(3, 0), expected: '2024-03-31T01:00:00.000Z' },
    { name: 'Berlin an hour after the gap', zone: 'Europe/Berlin', date: '2024-03-31', ticks: ticksAt(4, 0), expected: '2024-03-31T02:00:00.000Z' },
    { name: 'Berlin before the overlap', zone: 'Europe/Berlin', date: '2024-10-27', ticks: ticksAt(1, 59), expected: '2024-10-26T23:59:00.000Z' },
    { name: 'Berlin overlap start', zone: 'Europe/Berlin', date: '2024-10-27', ticks: ticksAt(2, 0), expected: '2024-10-27T00:00:00.000Z' },
    { name: 'Berlin inside the overlap', zone: 'Europe/Berlin', date: '2024-10-27', ticks: ticksAt(2, 30), expected: '2024-10-27T00:30:00.000Z' },
    { name: 'Berlin after the overlap', zone: 'Europe/Berlin', date: '2024-10-27', ticks: ticksAt(3, 0), expected: '2024-10-27T02:00:00.000Z' },
    // America/New_York: 02:00 EST -> 03:00 EDT on 2024-03-10, 02:00 EDT -> 01:00 EST on 2024-11-03.
    { name: 'New York before the gap', zone: 'America/New_York', date: '2024-03-10', ticks: ticksAt(1, 30), expected: '2024-03-10T06:30:00.000Z' },
    { name: 'New York inside the gap', zone: 'America/New_York', date: '2024-03-10', ticks: ticksAt(2, 30), expected: '2024-03-10T07:00:00.000Z' },
    { name: 'New York after the gap', zone: 'America/New_York', date: '2024-03-10', ticks: ticksAt(3, 30), expected: '2024-03-10T07:30:00.000Z' },
    { name: 'New York inside the overlap', zone: 'America/New_York', date: '2024-11-03', ticks: ticksAt(1, 30), expected: '2024-11-03T05:30:00.000Z' },
    { name: 'New York after the overlap', zone: 'America/New_York', date: '2024-11-03', ticks: ticksAt(2, 0), expected: '2024-11-03T07:00:00.000Z' },
    // Australia/Lord_Howe shifts by 30 minutes: 02:00 +10:30 -> 02:30 +11 and 02:00 +11 -> 01:30 +10:30.
    { name: 'Lord Howe inside the gap', zone: 'Australia/Lord_Howe', date: '2024-10-06', ticks: ticksAt(2, 15), expected: '2024-10-05T15:30:00.000Z' },
    { name: 'Lord Howe after the gap', zone: 'Australia/Lord_Howe', date: '2024-10-06', ticks: ticksAt(2, 30), expected: '2024-10-05T15:30:00.000Z' },
    { name: 'Lord Howe inside the overlap', zone: 'Australia/Lord_Howe', date: '2024-04-07', ticks: ticksAt(1, 45), expected: '2024-04-06T14:45:00.000Z' },
    { name: 'Lord Howe after the overlap', zone: 'Australia/Lord_Howe', date: '2024-04-07', ticks: ticksAt(2, 0), expected: '2024-04-06T15:30:00.000Z' },
    // America/Santiago changes at midnight: 00:00 -04 -> 01:00 -03 and 00:00 -03 -> 23:00 -04.
    { name: 'Santiago midnight in the gap', zone: 'America/Santiago', date: '2024-09-08', ticks: 0, expected: '2024-09-08T04:00:00.000Z' },
    { name: 'Santiago overlap before midnight', zone: 'America/Santiago', date: '2024-04-06', ticks: ticksAt(23, 30), expected: '2024-04-07T02:30:00.000Z' },
    { name: 'Santiago midnight after the overlap', zone: 'America/Santiago', date: '2024-04-07', ticks: 0, expected: '2024-04-07T04:00:00.000Z' },
    // Pacific/Apia skipped 2011-12-30 by moving from -10 to +14.
    { name: 'Apia skipped day', zone: 'Pacific/Apia', date: '2011-12-30', ticks: ticksAt(12, 0), expected: '2011-12-30T10:00:00.000Z' },
    { name: 'Apia day after the skip', zone: 'Pacific/Apia', date: '2011-12-31', ticks: ticksAt(12, 0), expected: '2011-12-30T22:00:00.000Z' },
    { name: 'Kolkata has no DST', zone: 'Asia/Kolkata', date: '2024-03-31', ticks: ticksAt(2, 30), expected: '2024-03-30T21:00:00.000Z' },
    { name: 'UTC midnight', zone: 'UTC', date: '2024-02-29', ticks: 0, expected: '2024-02-29T00:00:00.000Z' },
    { name: 'UTC last tick of the day', zone: 'UTC', date: '2024-02-29', ticks: LAST_TICK_OF_DAY, expected: '2024-02-29T23:59:59.999Z' },
    { name: 'sub-millisecond ticks truncate', zone: 'Europe/Berlin', date: '2024-01-15', ticks: ticksAt(12, 0) + 9_999, expected: '2024-01-15T11:00:00.000Z' },
    { name: 'whole millisecond of ticks', zone: 'Europe/Berlin', date: '2024-01-15', ticks: ticksAt(12, 0) + 10_000, expected: '2024-01-15T11:00:00.001Z' },
    { name: 'two-digit year stays as written', zone: 'UTC', date: '0050-01-01', ticks: 0, expected: '0050-01-01T00:00:00.000Z' },
  ];

  for (const { name, zone, date, ticks, expected } of cases) {
    it(name, () => {
      expect(resolveToIso(zone, date, ticks)).toBe(expected);
    });
  }

  it('rejects an unknown time zone', () => {
    expect(() => resolveLocalTime(2024, 1, 1, 0, 'Mars/Olympus_Mons')).toThrow('Invalid time zone "Mars/Olympus_Mons"');
  });

  it('rejects a date that does not exist', () => {
    expect(() => resolveLocalTime(2023, 2, 29, 0, 'UTC')).toThrow(RangeError);
  });

  it('rejects a full day of ticks', () => {
    expect(() => resolveLocalTime(2024, 1, 1, TICKS_PER_DAY, 'UTC')).toThrow(RangeError);
  });

  it('rejects negative ticks', () => {
    expect(() => resolveLocalTime(2024, 1, 1, -1, 'UTC')).toThrow(RangeError);
  });
});
