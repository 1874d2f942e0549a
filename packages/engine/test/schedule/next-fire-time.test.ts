import { describe, it, expect } from 'vitest';
import { nextFireTime } from '../../src/schedule/next-fire-time.ts';
import { TICKS_PER_HOUR, TICKS_PER_MINUTE, type Trigger, type TriggerAnchor } from '../../src/trigger.ts';

const DAILY_0230: Trigger = { kind: 'daily', timeOfDayTicks: 2 * TICKS_PER_HOUR + 30 * TICKS_PER_MINUTE };
// 2024-01-01 is a Monday.
const WEEKLY_MONDAY_0900: Trigger = { kind: 'weekly', dayOfWeek: 1, timeOfDayTicks: 9 * TICKS_PER_HOUR };
const HOURLY: Trigger = { kind: 'interval', intervalTicks: TICKS_PER_HOUR };

function nextFireIso(trigger: Trigger, anchor: TriggerAnchor, zone: string, lastRunEndAt?: number): string | undefined {
  const fire = nextFireTime(trigger, anchor, zone, lastRunEndAt);
  return fire === undefined ? undefined : new Date(fire).toISOString();
}

const storedAt = Date.parse('2024-01-01T00:00:00.000Z');

describe('nextFireTime', () => {
  it('daily counts from storedAt before the first fire', () => {
    expect(nextFireIso(DAILY_0230, { storedAt }, 'UTC')).toBe('2024-01-01T02:30:00.000Z');
  });

  it('daily counts from lastFireAt once fired', () => {
    const lastFireAt = Date.parse('2024-01-05T02:30:00.000Z');
    expect(nextFireIso(DAILY_0230, { storedAt, lastFireAt }, 'UTC')).toBe('2024-01-06T02:30:00.000Z');
  });

  it('daily skips second Berlin overlap occurrence', () => {
    const lastFireAt = Date.parse('2024-10-27T00:30:00.000Z');
    expect(nextFireIso(DAILY_0230, { storedAt, lastFireAt }, 'Europe/Berlin')).toBe('2024-10-28T01:30:00.000Z');
  });

  it('daily ignores lastRunEndAt', () => {
    const lastRunEndAt = Date.parse('2024-01-01T03:00:00.000Z');
    expect(nextFireIso(DAILY_0230, { storedAt }, 'UTC', lastRunEndAt)).toBe('2024-01-01T02:30:00.000Z');
  });

  it('weekly counts from storedAt before the first fire', () => {
    expect(nextFireIso(WEEKLY_MONDAY_0900, { storedAt }, 'UTC')).toBe('2024-01-01T09:00:00.000Z');
  });

  it('weekly counts from lastFireAt once fired', () => {
    const lastFireAt = Date.parse('2024-01-01T09:00:00.000Z');
    expect(nextFireIso(WEEKLY_MONDAY_0900, { storedAt, lastFireAt }, 'UTC')).toBe('2024-01-08T09:00:00.000Z');
  });

  it('interval counts from a later lastRunEndAt', () => {
    const lastFireAt = Date.parse('2024-01-01T05:00:00.000Z');
    const lastRunEndAt = Date.parse('2024-01-01T05:20:00.000Z');
    expect(nextFireIso(HOURLY, { storedAt, lastFireAt }, 'UTC', lastRunEndAt)).toBe('2024-01-01T06:20:00.000Z');
  });

  it('interval ignores the time zone', () => {
    expect(nextFireIso(HOURLY, { storedAt }, 'Asia/Kolkata')).toBe('2024-01-01T01:00:00.000Z');
  });

  it('startup has no fire time', () => {
    expect(nextFireTime({ kind: 'startup' }, { storedAt }, 'UTC')).toBeUndefined();
  });

  it('systemEvent has no fire time', () => {
    expect(nextFireTime({ kind: 'systemEvent', systemEvent: 'wakeFromSleep' }, { storedAt }, 'UTC')).toBeUndefined();
  });

  it('daily rejects a missing timeOfDayTicks', () => {
    expect(() => nextFireTime({ kind: 'daily' }, { storedAt }, 'UTC')).toThrow('daily trigger is missing timeOfDayTicks');
  });

  it('weekly rejects a missing dayOfWeek', () => {
    expect(() => nextFireTime({ kind: 'weekly', timeOfDayTicks: 0 }, { storedAt }, 'UTC')).toThrow(
      'weekly trigger is missing dayOfWeek',
    );
  });

  it('interval rejects a missing intervalTicks', () => {
    expect(() => nextFireTime({ kind: 'interval' }, { storedAt }, 'UTC')).toThrow(
      'interval trigger is missing intervalTicks',
    );
  });

  it('rejects an unknown trigger kind', () => {
    const trigger = { kind: 'monthly' } as unknown as Trigger;
    expect(() => nextFireTime(trigger, { storedAt }, 'UTC')).toThrow('Unknown trigger kind "monthly"');
  });
});
