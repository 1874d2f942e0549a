import { describe, expect, it } from 'vitest';

import { formatAgo, formatDateTime, formatDuration, formatRelative, formatZonedDateTime, zoneName } from '../src/time-format';

describe('formatRelative', () => {
  const now = new Date('2026-03-29T12:00:00Z');

  it.each([
    ['2026-03-29T09:00:00Z', '3 hours ago'],
    ['2026-03-29T11:58:00Z', '2 minutes ago'],
    ['2026-03-29T12:05:00Z', 'in 5 minutes'],
    ['2026-03-28T12:00:00Z', 'yesterday'],
    ['2026-03-29T12:00:00Z', 'now'],
  ])('%s reads "%s"', (at, words) => {
    expect(formatRelative(new Date(at), now)).toBe(words);
  });
});

describe('formatDuration', () => {
  it.each([
    [400, 'less than a second'],
    [12_000, '12 s'],
    [120_000, '2 min'],
    [3_900_000, '1 h 5 min'],
    [7_200_000, '2 h'],
    [97_200_000, '1 d 3 h'],
  ])('%d ms reads "%s"', (milliseconds, words) => {
    expect(formatDuration(milliseconds)).toBe(words);
  });
});

describe('formatDateTime on DST days', () => {
  it('shows the wall-clock time after the spring-forward gap', () => {
    // Europe/Berlin skips 02:00 to 03:00 on 29 March 2026: 01:30 UTC is 03:30 CEST.
    expect(formatDateTime(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('Sun 29 Mar, 03:30');
    expect(zoneName(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('CEST');
    expect(formatDateTime(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe('Sun 29 Mar, 01:30');
    expect(zoneName(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe('CET');
  });

  it('tells the two 02:30s of the autumn overlap apart by zone', () => {
    // Europe/Berlin repeats 02:00 to 03:00 on 25 October 2026.
    const first = new Date('2026-10-25T00:30:00Z');
    const second = new Date('2026-10-25T01:30:00Z');
    expect(formatDateTime(first, 'Europe/Berlin')).toBe('Sun 25 Oct, 02:30');
    expect(formatDateTime(second, 'Europe/Berlin')).toBe('Sun 25 Oct, 02:30');
    expect(zoneName(first, 'Europe/Berlin')).toBe('CEST');
    expect(zoneName(second, 'Europe/Berlin')).toBe('CET');
  });

  it('shows another zone for the same instant', () => {
    expect(formatDateTime(new Date('2026-03-08T10:00:00Z'), 'America/New_York')).toBe('Sun 8 Mar, 06:00');
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-03-29T12:00:00Z');

  it('reads "just now" near and slightly after now', () => {
    expect(formatAgo(new Date('2026-03-29T11:59:55Z'), now)).toBe('just now');
    expect(formatAgo(new Date('2026-03-29T12:00:20Z'), now)).toBe('just now');
  });

  it('reads the distance further back', () => {
    expect(formatAgo(new Date('2026-03-29T09:00:00Z'), now)).toBe('3 hours ago');
  });
});

describe('formatZonedDateTime', () => {
  it('adds the zone abbreviation', () => {
    expect(formatZonedDateTime(new Date('2026-12-05T13:05:00Z'), 'Europe/Berlin')).toBe('Sat 5 Dec, 14:05 CET');
    expect(formatZonedDateTime(new Date('2026-07-04T13:05:09Z'), 'Europe/Berlin', true)).toBe('Sat 4 Jul, 15:05:09 CEST');
    expect(formatZonedDateTime(new Date('2026-12-05T13:05:00Z'), 'UTC')).toBe('Sat 5 Dec, 13:05 UTC');
  });
});
