import { describe, it, expect } from 'vitest';
import { nextDailyFire } from '../../src/schedule/daily.ts';
import { TICKS_PER_HOUR, TICKS_PER_MINUTE, type Trigger } from '../../src/trigger.ts';

function dailyAt(hours: number, minutes: number): Trigger {
  return { kind: 'daily', timeOfDayTicks: hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE };
}

function nextFireIso(trigger: Trigger, after: string, zone: string): string {
  return new Date(nextDailyFire(trigger, Date.parse(after), zone)).toISOString();
}

/** Steps nextDailyFire from `from`, feeding each fire back in, and returns `count` fires. */
function stepFires(trigger: Trigger, from: string, zone: string, count: number): string[] {
  const fires: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    after = nextDailyFire(trigger, after, zone);
    fires.push(new Date(after).toISOString());
  }
  return fires;
}

const LAST_TICK_OF_DAY = 863_999_999_999;

describe('nextDailyFire', () => {
  const cases: Array<{ name: string; trigger: Trigger; zone: string; after: string; expected: string }> = [
    { name: 'fires at the time 1 ms later', trigger: dailyAt(9, 0), zone: 'Europe/Berlin', after: '2024-01-15T07:59:59.999Z', expected: '2024-01-15T08:00:00.000Z' },
    { name: 'fire equal to after moves to next day', trigger: dailyAt(9, 0), zone: 'Europe/Berlin', after: '2024-01-15T08:00:00.000Z', expected: '2024-01-16T08:00:00.000Z' },
    { name: 'fire 1 ms before after moves to next day', trigger: dailyAt(9, 0), zone: 'Europe/Berlin', after: '2024-01-15T08:00:00.001Z', expected: '2024-01-16T08:00:00.000Z' },
    { name: 'Berlin gap fires at 03:00', trigger: dailyAt(2, 30), zone: 'Europe/Berlin', after: '2024-03-30T12:00:00.000Z', expected: '2024-03-31T01:00:00.000Z' },
    { name: 'Berlin before the gap fires in CET', trigger: dailyAt(1, 30), zone: 'Europe/Berlin', after: '2024-03-30T12:00:00.000Z', expected: '2024-03-31T00:30:00.000Z' },
    { name: 'Berlin after the gap fires in CEST', trigger: dailyAt(3, 30), zone: 'Europe/Berlin', after: '2024-03-30T12:00:00.000Z', expected: '2024-03-31T01:30:00.000Z' },
    { name: 'Berlin day after the gap', trigger: dailyAt(2, 30), zone: 'Europe/Berlin', after: '2024-03-31T01:00:00.000Z', expected: '2024-04-01T00:30:00.000Z' },
    { name: 'Berlin overlap fires at first occurrence', trigger: dailyAt(2, 30), zone: 'Europe/Berlin', after: '2024-10-26T12:00:00.000Z', expected: '2024-10-27T00:30:00.000Z' },
    { name: 'Berlin overlap skips second occurrence', trigger: dailyAt(2, 30), zone: 'Europe/Berlin', after: '2024-10-27T00:30:00.000Z', expected: '2024-10-28T01:30:00.000Z' },
    { name: 'New York gap fires at 03:00', trigger: dailyAt(2, 30), zone: 'America/New_York', after: '2024-03-09T12:00:00.000Z', expected: '2024-03-10T07:00:00.000Z' },
    { name: 'New York before the gap fires in EST', trigger: dailyAt(1, 30), zone: 'America/New_York', after: '2024-03-09T12:00:00.000Z', expected: '2024-03-10T06:30:00.000Z' },
    { name: 'New York after the gap fires in EDT', trigger: dailyAt(3, 30), zone: 'America/New_York', after: '2024-03-09T12:00:00.000Z', expected: '2024-03-10T07:30:00.000Z' },
    { name: 'New York overlap fires at first occurrence', trigger: dailyAt(1, 30), zone: 'America/New_York', after: '2024-11-02T12:00:00.000Z', expected: '2024-11-03T05:30:00.000Z' },
    { name: 'New York overlap skips second occurrence', trigger: dailyAt(1, 30), zone: 'America/New_York', after: '2024-11-03T05:30:00.000Z', expected: '2024-11-04T06:30:00.000Z' },
    { name: 'Lord Howe gap fires at 02:30', trigger: dailyAt(2, 15), zone: 'Australia/Lord_Howe', after: '2024-10-05T00:00:00.000Z', expected: '2024-10-05T15:30:00.000Z' },
    { name: 'Lord Howe overlap fires at first occurrence', trigger: dailyAt(1, 45), zone: 'Australia/Lord_Howe', after: '2024-04-06T00:00:00.000Z', expected: '2024-04-06T14:45:00.000Z' },
    { name: 'Lord Howe overlap skips second occurrence', trigger: dailyAt(1, 45), zone: 'Australia/Lord_Howe', after: '2024-04-06T14:45:00.000Z', expected: '2024-04-07T15:15:00.000Z' },
    { name: 'Kolkata fires at +05:30', trigger: dailyAt(9, 0), zone: 'Asia/Kolkata', after: '2024-06-01T00:00:00.000Z', expected: '2024-06-01T03:30:00.000Z' },
    { name: 'Kolkata ignores European DST', trigger: dailyAt(2, 30), zone: 'Asia/Kolkata', after: '2024-03-30T12:00:00.000Z', expected: '2024-03-30T21:00:00.000Z' },
    { name: 'Auckland fires on previous UTC date', trigger: dailyAt(0, 30), zone: 'Pacific/Auckland', after: '2024-01-15T11:29:59.999Z', expected: '2024-01-15T11:30:00.000Z' },
    { name: 'UTC midnight fires on leap day', trigger: dailyAt(0, 0), zone: 'UTC', after: '2024-02-28T12:00:00.000Z', expected: '2024-02-29T00:00:00.000Z' },
    { name: 'UTC midnight equal to after', trigger: dailyAt(0, 0), zone: 'UTC', after: '2024-02-29T00:00:00.000Z', expected: '2024-03-01T00:00:00.000Z' },
    { name: 'UTC last tick fires same day', trigger: { kind: 'daily', timeOfDayTicks: LAST_TICK_OF_DAY }, zone: 'UTC', after: '2024-02-28T12:00:00.000Z', expected: '2024-02-28T23:59:59.999Z' },
    { name: 'UTC last tick equal to after', trigger: { kind: 'daily', timeOfDayTicks: LAST_TICK_OF_DAY }, zone: 'UTC', after: '2024-02-28T23:59:59.999Z', expected: '2024-02-29T23:59:59.999Z' },
    { name: 'Berlin last tick in CET', trigger: { kind: 'daily', timeOfDayTicks: LAST_TICK_OF_DAY }, zone: 'Europe/Berlin', after: '2024-01-15T12:00:00.000Z', expected: '2024-01-15T22:59:59.999Z' },
    { name: 'Berlin midnight on overlap day', trigger: dailyAt(0, 0), zone: 'Europe/Berlin', after: '2024-10-26T12:00:00.000Z', expected: '2024-10-26T22:00:00.000Z' },
    { name: 'Santiago midnight gap fires at 01:00', trigger: dailyAt(0, 0), zone: 'America/Santiago', after: '2024-09-07T12:00:00.000Z', expected: '2024-09-08T04:00:00.000Z' },
    { name: 'Santiago midnight after the gap', trigger: dailyAt(0, 0), zone: 'America/Santiago', after: '2024-09-08T04:00:00.000Z', expected: '2024-09-09T03:00:00.000Z' },
  ];

  for (const { name, trigger, zone, after, expected } of cases) {
    it(name, () => {
      expect(nextFireIso(trigger, after, zone)).toBe(expected);
    });
  }

  it('Berlin spring-forward week fires once a day', () => {
    expect(stepFires(dailyAt(2, 30), '2024-03-28T00:00:00.000Z', 'Europe/Berlin', 6)).toEqual([
      '2024-03-28T01:30:00.000Z',
      '2024-03-29T01:30:00.000Z',
      '2024-03-30T01:30:00.000Z',
      '2024-03-31T01:00:00.000Z',
      '2024-04-01T00:30:00.000Z',
      '2024-04-02T00:30:00.000Z',
    ]);
  });

  it('Berlin fall-back week fires once a day', () => {
    expect(stepFires(dailyAt(2, 30), '2024-10-24T00:00:00.000Z', 'Europe/Berlin', 7)).toEqual([
      '2024-10-24T00:30:00.000Z',
      '2024-10-25T00:30:00.000Z',
      '2024-10-26T00:30:00.000Z',
      '2024-10-27T00:30:00.000Z',
      '2024-10-28T01:30:00.000Z',
      '2024-10-29T01:30:00.000Z',
      '2024-10-30T01:30:00.000Z',
    ]);
  });

  it('New York spring-forward week fires once a day', () => {
    expect(stepFires(dailyAt(2, 30), '2024-03-07T12:00:00.000Z', 'America/New_York', 6)).toEqual([
      '2024-03-08T07:30:00.000Z',
      '2024-03-09T07:30:00.000Z',
      '2024-03-10T07:00:00.000Z',
      '2024-03-11T06:30:00.000Z',
      '2024-03-12T06:30:00.000Z',
      '2024-03-13T06:30:00.000Z',
    ]);
  });

  it('New York fall-back week fires once a day', () => {
    expect(stepFires(dailyAt(1, 30), '2024-10-31T12:00:00.000Z', 'America/New_York', 7)).toEqual([
      '2024-11-01T05:30:00.000Z',
      '2024-11-02T05:30:00.000Z',
      '2024-11-03T05:30:00.000Z',
      '2024-11-04T06:30:00.000Z',
      '2024-11-05T06:30:00.000Z',
      '2024-11-06T06:30:00.000Z',
      '2024-11-07T06:30:00.000Z',
    ]);
  });

  it('Lord Howe fall-back week fires once a day', () => {
    expect(stepFires(dailyAt(1, 45), '2024-04-04T00:00:00.000Z', 'Australia/Lord_Howe', 5)).toEqual([
      '2024-04-04T14:45:00.000Z',
      '2024-04-05T14:45:00.000Z',
      '2024-04-06T14:45:00.000Z',
      '2024-04-07T15:15:00.000Z',
      '2024-04-08T15:15:00.000Z',
    ]);
  });

  it('rejects a missing timeOfDayTicks', () => {
    expect(() => nextDailyFire({ kind: 'daily' }, 0, 'UTC')).toThrow('daily trigger is missing timeOfDayTicks');
  });

  it('rejects an unknown time zone', () => {
    expect(() => nextDailyFire(dailyAt(9, 0), 0, 'Nowhere/Town')).toThrow('Invalid time zone "Nowhere/Town"');
  });

  it('rejects a time of day past the day', () => {
    expect(() => nextDailyFire({ kind: 'daily', timeOfDayTicks: 864_000_000_000 }, 0, 'UTC')).toThrow(RangeError);
  });
});
