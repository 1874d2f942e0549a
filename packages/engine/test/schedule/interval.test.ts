import { describe, it, expect } from 'vitest';
import { nextIntervalFire } from '../../src/schedule/interval.ts';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_SECOND, type Trigger, type TriggerAnchor } from '../../src/trigger.ts';

const HOURLY: Trigger = { kind: 'interval', intervalTicks: TICKS_PER_HOUR };

function nextFireIso(trigger: Trigger, anchor: TriggerAnchor, lastRunEndAt?: number): string {
  return new Date(nextIntervalFire(trigger, anchor, lastRunEndAt)).toISOString();
}

const storedAt = Date.parse('2024-01-01T00:00:00.000Z');
const lastFireAt = Date.parse('2024-01-01T05:00:00.000Z');

describe('nextIntervalFire', () => {
  it('counts from storedAt before the first fire', () => {
    expect(nextFireIso(HOURLY, { storedAt })).toBe('2024-01-01T01:00:00.000Z');
  });

  it('counts from lastFireAt once fired', () => {
    expect(nextFireIso(HOURLY, { storedAt, lastFireAt })).toBe('2024-01-01T06:00:00.000Z');
  });

  it('counts from a later lastRunEndAt', () => {
    expect(nextFireIso(HOURLY, { storedAt, lastFireAt }, Date.parse('2024-01-01T05:20:00.000Z'))).toBe(
      '2024-01-01T06:20:00.000Z',
    );
  });

  it('ignores an earlier lastRunEndAt', () => {
    expect(nextFireIso(HOURLY, { storedAt, lastFireAt }, Date.parse('2024-01-01T04:50:00.000Z'))).toBe(
      '2024-01-01T06:00:00.000Z',
    );
  });

  it('counts from lastRunEndAt after storedAt', () => {
    expect(nextFireIso(HOURLY, { storedAt }, Date.parse('2024-01-01T00:10:00.000Z'))).toBe('2024-01-01T01:10:00.000Z');
  });

  it('adds 30 days without a cap', () => {
    expect(nextFireIso({ kind: 'interval', intervalTicks: 30 * TICKS_PER_DAY }, { storedAt })).toBe(
      '2024-01-31T00:00:00.000Z',
    );
  });

  it('adds 366 days across a leap year', () => {
    expect(nextFireIso({ kind: 'interval', intervalTicks: 366 * TICKS_PER_DAY }, { storedAt })).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });

  it('truncates sub-millisecond ticks', () => {
    expect(nextFireIso({ kind: 'interval', intervalTicks: TICKS_PER_SECOND + 9_999 }, { storedAt })).toBe(
      '2024-01-01T00:00:01.000Z',
    );
  });

  it('rejects a missing intervalTicks', () => {
    expect(() => nextIntervalFire({ kind: 'interval' }, { storedAt })).toThrow('interval trigger is missing intervalTicks');
  });

  it('rejects a zero interval', () => {
    expect(() => nextIntervalFire({ kind: 'interval', intervalTicks: 0 }, { storedAt })).toThrow(RangeError);
  });

  it('rejects an interval under 1 ms', () => {
    expect(() => nextIntervalFire({ kind: 'interval', intervalTicks: 9_999 }, { storedAt })).toThrow(RangeError);
  });
});
