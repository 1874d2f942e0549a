import { describe, it, expect } from 'vitest';
import { nextWeeklyFire } from '../../src/schedule/weekly.ts';
import { TICKS_PER_HOUR, TICKS_PER_MINUTE, type DayOfWeek, type Trigger } from '../../src/trigger.ts';

const SUNDAY = 0;
const MONDAY = 1;
const FRIDAY = 5;
const SATURDAY = 6;

function weeklyAt(dayOfWeek: DayOfWeek, hours: number, minutes: number): Trigger {
  return { kind: 'weekly', dayOfWeek, timeOfDayTicks: hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE };
}

function nextFireIso(trigger: Trigger, after: string, zone: string): string {
  return new Date(nextWeeklyFire(trigger, Date.parse(after), zone)).toISOString();
}

/** Steps nextWeeklyFire from `from`, feeding each fire back in, and returns `count` fires. */
function stepFires(trigger: Trigger, from: string, zone: string, count: number): string[] {
  const fires: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    after = nextWeeklyFire(trigger, after, zone);
    fires.push(new Date(after).toISOString());
  }
  return fires;
}

describe('nextWeeklyFire', () => {
  const cases: Array<{ name: string; trigger: Trigger; zone: string; after: string; expected: string }> = [
    // 2024-01-01 is a Monday.
    { name: 'fire 1 ms after fires that day', trigger: weeklyAt(MONDAY, 9, 0), zone: 'UTC', after: '2024-01-01T08:59:59.999Z', expected: '2024-01-01T09:00:00.000Z' },
    { name: 'fire equal to after is 7 days later', trigger: weeklyAt(MONDAY, 9, 0), zone: 'UTC', after: '2024-01-01T09:00:00.000Z', expected: '2024-01-08T09:00:00.000Z' },
    { name: 'fire 1 ms before after is 7 days later', trigger: weeklyAt(MONDAY, 9, 0), zone: 'UTC', after: '2024-01-01T09:00:00.001Z', expected: '2024-01-08T09:00:00.000Z' },
    { name: 'day before fires next day', trigger: weeklyAt(MONDAY, 9, 0), zone: 'UTC', after: '2023-12-31T12:00:00.000Z', expected: '2024-01-01T09:00:00.000Z' },
    { name: 'day after fires 6 days later', trigger: weeklyAt(MONDAY, 9, 0), zone: 'UTC', after: '2024-01-02T12:00:00.000Z', expected: '2024-01-08T09:00:00.000Z' },
    { name: 'Saturday fires on Saturday', trigger: weeklyAt(SATURDAY, 0, 0), zone: 'UTC', after: '2024-01-01T00:00:00.000Z', expected: '2024-01-06T00:00:00.000Z' },
    { name: 'Sunday fires on Sunday', trigger: weeklyAt(SUNDAY, 0, 0), zone: 'UTC', after: '2024-01-01T00:00:00.000Z', expected: '2024-01-07T00:00:00.000Z' },
    { name: 'Sunday last tick fires on Sunday', trigger: { kind: 'weekly', dayOfWeek: SUNDAY, timeOfDayTicks: 863_999_999_999 }, zone: 'UTC', after: '2024-01-01T00:00:00.000Z', expected: '2024-01-07T23:59:59.999Z' },
    { name: 'Tokyo Monday is Sunday in UTC', trigger: weeklyAt(MONDAY, 8, 0), zone: 'Asia/Tokyo', after: '2024-01-06T00:00:00.000Z', expected: '2024-01-07T23:00:00.000Z' },
    { name: 'Tokyo Monday past its time', trigger: weeklyAt(MONDAY, 8, 0), zone: 'Asia/Tokyo', after: '2024-01-07T23:00:00.000Z', expected: '2024-01-14T23:00:00.000Z' },
    { name: 'Los Angeles Friday is Saturday in UTC', trigger: weeklyAt(FRIDAY, 20, 0), zone: 'America/Los_Angeles', after: '2024-01-05T00:00:00.000Z', expected: '2024-01-06T04:00:00.000Z' },
    { name: 'Kolkata fires at +05:30', trigger: weeklyAt(MONDAY, 9, 0), zone: 'Asia/Kolkata', after: '2024-01-01T00:00:00.000Z', expected: '2024-01-01T03:30:00.000Z' },
    { name: 'Berlin gap fires at 03:00', trigger: weeklyAt(SUNDAY, 2, 30), zone: 'Europe/Berlin', after: '2024-03-25T00:00:00.000Z', expected: '2024-03-31T01:00:00.000Z' },
    { name: 'Berlin overlap fires at first occurrence', trigger: weeklyAt(SUNDAY, 2, 30), zone: 'Europe/Berlin', after: '2024-10-21T00:00:00.000Z', expected: '2024-10-27T00:30:00.000Z' },
    { name: 'Berlin overlap skips second occurrence', trigger: weeklyAt(SUNDAY, 2, 30), zone: 'Europe/Berlin', after: '2024-10-27T00:30:00.000Z', expected: '2024-11-03T01:30:00.000Z' },
    { name: 'Lord Howe gap fires at 02:30', trigger: weeklyAt(SUNDAY, 2, 15), zone: 'Australia/Lord_Howe', after: '2024-10-01T00:00:00.000Z', expected: '2024-10-05T15:30:00.000Z' },
  ];

  for (const { name, trigger, zone, after, expected } of cases) {
    it(name, () => {
      expect(nextFireIso(trigger, after, zone)).toBe(expected);
    });
  }

  it('Berlin weeks across spring-forward', () => {
    expect(stepFires(weeklyAt(SUNDAY, 2, 30), '2024-03-20T00:00:00.000Z', 'Europe/Berlin', 3)).toEqual([
      '2024-03-24T01:30:00.000Z',
      '2024-03-31T01:00:00.000Z',
      '2024-04-07T00:30:00.000Z',
    ]);
  });

  it('Berlin weeks across fall-back', () => {
    expect(stepFires(weeklyAt(SUNDAY, 2, 30), '2024-10-16T00:00:00.000Z', 'Europe/Berlin', 3)).toEqual([
      '2024-10-20T00:30:00.000Z',
      '2024-10-27T00:30:00.000Z',
      '2024-11-03T01:30:00.000Z',
    ]);
  });

  it('New York weeks across spring-forward', () => {
    expect(stepFires(weeklyAt(SUNDAY, 2, 30), '2024-02-28T00:00:00.000Z', 'America/New_York', 3)).toEqual([
      '2024-03-03T07:30:00.000Z',
      '2024-03-10T07:00:00.000Z',
      '2024-03-17T06:30:00.000Z',
    ]);
  });

  it('New York weeks across fall-back', () => {
    expect(stepFires(weeklyAt(SUNDAY, 1, 30), '2024-10-23T00:00:00.000Z', 'America/New_York', 3)).toEqual([
      '2024-10-27T05:30:00.000Z',
      '2024-11-03T05:30:00.000Z',
      '2024-11-10T06:30:00.000Z',
    ]);
  });

  it('rejects a missing timeOfDayTicks', () => {
    expect(() => nextWeeklyFire({ kind: 'weekly', dayOfWeek: MONDAY }, 0, 'UTC')).toThrow(
      'weekly trigger is missing timeOfDayTicks',
    );
  });

  it('rejects a missing dayOfWeek', () => {
    expect(() => nextWeeklyFire({ kind: 'weekly', timeOfDayTicks: 0 }, 0, 'UTC')).toThrow(
      'weekly trigger is missing dayOfWeek',
    );
  });

  it('rejects a dayOfWeek of 7', () => {
    const trigger = { kind: 'weekly', timeOfDayTicks: 0, dayOfWeek: 7 } as unknown as Trigger;
    expect(() => nextWeeklyFire(trigger, 0, 'UTC')).toThrow(RangeError);
  });

  it('rejects an unknown time zone', () => {
    expect(() => nextWeeklyFire(weeklyAt(MONDAY, 9, 0), 0, 'Nowhere/Town')).toThrow('Invalid time zone "Nowhere/Town"');
  });
});
