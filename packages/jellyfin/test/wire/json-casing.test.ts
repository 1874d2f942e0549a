import { describe, expect, it } from 'vitest';

import { toCamelCaseKeys, wantsCamelCase } from '../../src/wire/json-casing.ts';
import * as taskInfoModule from '../../src/wire/task-info.ts';

describe('toCamelCaseKeys', () => {
  it('lowers the first letter of every key', () => {
    const value = {
      Name: 'Scan Media Library',
      IsHidden: false,
      LastExecutionResult: { StartTimeUtc: 'x', Id: 'abc' },
      Triggers: [{ Type: 'IntervalTrigger', IntervalTicks: 1 }],
    };

    expect(toCamelCaseKeys(value)).toEqual({
      name: 'Scan Media Library',
      isHidden: false,
      lastExecutionResult: { startTimeUtc: 'x', id: 'abc' },
      triggers: [{ type: 'IntervalTrigger', intervalTicks: 1 }],
    });
  });

  it('keeps key order', () => {
    const converted = toCamelCaseKeys({ Name: 1, State: 2, Id: 3 });

    expect(Object.keys(converted as object)).toEqual(['name', 'state', 'id']);
  });

  it('leaves values and enum names alone', () => {
    expect(toCamelCaseKeys({ State: 'Running' })).toEqual({ state: 'Running' });
    expect(toCamelCaseKeys('Running')).toBe('Running');
    expect(toCamelCaseKeys(null)).toBeNull();
    expect(toCamelCaseKeys([1, 'A'])).toEqual([1, 'A']);
  });

  it('converts ProblemDetails error keys too', () => {
    expect(toCamelCaseKeys({ Errors: { Field: ['m'] } })).toEqual({ errors: { field: ['m'] } });
  });

  it('does not change its input', () => {
    const input = { Name: 'a', Nested: { Key: 'b' } };

    toCamelCaseKeys(input);

    expect(input).toEqual({ Name: 'a', Nested: { Key: 'b' } });
  });

  it('is exported from task-info', () => {
    expect(taskInfoModule.toCamelCaseKeys).toBe(toCamelCaseKeys);
    expect(taskInfoModule.wantsCamelCase).toBe(wantsCamelCase);
  });
});

describe('wantsCamelCase', () => {
  it('is false without a header', () => {
    expect(wantsCamelCase(undefined)).toBe(false);
    expect(wantsCamelCase('')).toBe(false);
  });

  it('is false for plain JSON', () => {
    expect(wantsCamelCase('application/json')).toBe(false);
    expect(wantsCamelCase('*/*')).toBe(false);
  });

  it('is true for the CamelCase profile', () => {
    expect(wantsCamelCase('application/json; profile="CamelCase"')).toBe(true);
    expect(wantsCamelCase('application/json;profile=CamelCase')).toBe(true);
    expect(wantsCamelCase('Application/JSON; Profile="camelcase"')).toBe(true);
  });

  it('is false for the PascalCase profile', () => {
    expect(wantsCamelCase('application/json; profile="PascalCase"')).toBe(false);
  });

  it('finds the profile among other media types', () => {
    expect(wantsCamelCase('text/html, application/json; profile="CamelCase", */*;q=0.8')).toBe(true);
  });

  it('follows the highest quality', () => {
    expect(wantsCamelCase('application/json;q=0.5, application/json; profile="CamelCase"')).toBe(true);
    expect(wantsCamelCase('application/json; profile="CamelCase";q=0.5, application/json')).toBe(false);
  });

  it('takes the first entry on a tie', () => {
    expect(wantsCamelCase('application/json, application/json; profile="CamelCase"')).toBe(false);
    expect(wantsCamelCase('application/json; profile="CamelCase", application/json')).toBe(true);
  });

  it('ignores an entry with q=0', () => {
    expect(wantsCamelCase('application/json; profile="CamelCase"; q=0')).toBe(false);
  });
});
