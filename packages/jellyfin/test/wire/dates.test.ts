import { describe, expect, it } from 'vitest';

import { formatJellyfinDate } from '../../src/wire/dates.ts';

describe('formatJellyfinDate', () => {
  it('writes seven fraction digits', () => {
    expect(formatJellyfinDate(Date.parse('2025-01-05T04:00:00.000Z'))).toBe('2025-01-05T04:00:00.0000000Z');
  });

  it('keeps milliseconds', () => {
    expect(formatJellyfinDate(Date.parse('2025-05-01T02:03:12.520Z'))).toBe('2025-05-01T02:03:12.5200000Z');
  });

  it('writes UTC whatever the local zone', () => {
    expect(formatJellyfinDate(0)).toBe('1970-01-01T00:00:00.0000000Z');
  });

  it('truncates fractional milliseconds', () => {
    expect(formatJellyfinDate(1.9)).toBe('1970-01-01T00:00:00.0010000Z');
  });

  it('formats the .NET DateTime bounds', () => {
    expect(formatJellyfinDate(Date.parse('0001-01-01T00:00:00Z'))).toBe('0001-01-01T00:00:00.0000000Z');
    expect(formatJellyfinDate(Date.parse('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31T23:59:59.9990000Z');
  });

  it('rejects instants outside years 1 to 9999', () => {
    expect(() => formatJellyfinDate(Date.parse('0001-01-01T00:00:00Z') - 1)).toThrow(RangeError);
    expect(() => formatJellyfinDate(Date.parse('9999-12-31T23:59:59.999Z') + 1)).toThrow(RangeError);
  });

  it('rejects non-finite numbers', () => {
    expect(() => formatJellyfinDate(Number.NaN)).toThrow(RangeError);
    expect(() => formatJellyfinDate(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
