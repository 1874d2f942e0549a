import { describe, it, expect } from 'vitest';
import { isValidTimeZone } from '../../src/schedule/time-zone.ts';

describe('isValidTimeZone', () => {
  const cases: Array<{ name: string; expected: boolean }> = [
    { name: 'Europe/Berlin', expected: true },
    { name: 'America/New_York', expected: true },
    { name: 'Australia/Lord_Howe', expected: true },
    { name: 'Asia/Kolkata', expected: true },
    { name: 'UTC', expected: true },
    { name: 'Mars/Olympus_Mons', expected: false },
    { name: 'Berlin', expected: false },
    { name: '', expected: false },
  ];

  for (const { name, expected } of cases) {
    it(`"${name}" is ${expected ? 'valid' : 'invalid'}`, () => {
      expect(isValidTimeZone(name)).toBe(expected);
    });
  }
});
