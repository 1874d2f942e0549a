import { describe, expect, it } from 'vitest';

import type { Trigger } from '@tickwork/engine';

import { parseTriggerList } from '../../src/wire/trigger-input.ts';

const ONE_SECOND = 10_000_000;
const ONE_DAY = 864_000_000_000;

function parsedTriggers(body: unknown): Trigger[] {
  const result = parseTriggerList(body);
  if (!result.ok) {
    throw new Error(`Expected a valid list, got ${JSON.stringify(result.errors)}`);
  }
  return result.triggers;
}

function parseErrors(body: unknown): Record<string, string[]> {
  const result = parseTriggerList(body);
  if (result.ok) {
    throw new Error(`Expected errors, got ${JSON.stringify(result.triggers)}`);
  }
  return result.errors;
}

describe('parseTriggerList accepts', () => {
  it('an empty list', () => {
    expect(parsedTriggers([])).toEqual([]);
  });

  it('each trigger type', () => {
    const body = [
      { Type: 'DailyTrigger', TimeOfDayTicks: 72_000_000_000 },
      { Type: 'WeeklyTrigger', TimeOfDayTicks: 0, DayOfWeek: 'Monday' },
      { Type: 'IntervalTrigger', IntervalTicks: 432_000_000_000 },
      { Type: 'StartupTrigger' },
      { Type: 'SystemEventTrigger', SystemEvent: 'WakeFromSleep' },
    ];

    expect(parsedTriggers(body)).toEqual([
      { kind: 'daily', timeOfDayTicks: 72_000_000_000 },
      { kind: 'weekly', timeOfDayTicks: 0, dayOfWeek: 1 },
      { kind: 'interval', intervalTicks: 432_000_000_000 },
      { kind: 'startup' },
      { kind: 'systemEvent', systemEvent: 'wakeFromSleep' },
    ]);
  });

  it('short and mixed-case type names', () => {
    const body = [
      { Type: 'daily', TimeOfDayTicks: 0 },
      { Type: 'WEEKLY', TimeOfDayTicks: 0, DayOfWeek: 0 },
      { Type: 'Interval', IntervalTicks: ONE_SECOND },
      { Type: 'startuptrigger' },
      { Type: 'systemevent', SystemEvent: 'wakefromsleep' },
    ];

    expect(parsedTriggers(body).map((trigger) => trigger.kind)).toEqual([
      'daily',
      'weekly',
      'interval',
      'startup',
      'systemEvent',
    ]);
  });

  it('type integers 0 to 4', () => {
    const body = [
      { Type: 0, TimeOfDayTicks: 0 },
      { Type: 1, TimeOfDayTicks: 0, DayOfWeek: 'Sunday' },
      { Type: 2, IntervalTicks: ONE_SECOND },
      { Type: 3 },
      { Type: '4', SystemEvent: 0 },
    ];

    expect(parsedTriggers(body).map((trigger) => trigger.kind)).toEqual([
      'daily',
      'weekly',
      'interval',
      'startup',
      'systemEvent',
    ]);
  });

  it('a missing Type as DailyTrigger', () => {
    expect(parsedTriggers([{ TimeOfDayTicks: 36_000_000_000 }])).toEqual([
      { kind: 'daily', timeOfDayTicks: 36_000_000_000 },
    ]);
  });

  it('property names in any case', () => {
    const body = [{ type: 'weeklytrigger', timeofdayticks: 5, DAYOFWEEK: 'friday', maxRuntimeTicks: ONE_SECOND }];

    expect(parsedTriggers(body)).toEqual([
      { kind: 'weekly', timeOfDayTicks: 5, dayOfWeek: 5, maxRuntimeTicks: ONE_SECOND },
    ]);
  });

  it('the last of two spellings of a property', () => {
    expect(parsedTriggers([{ Type: 'Startup', type: 'Interval', IntervalTicks: ONE_SECOND }])).toEqual([
      { kind: 'interval', intervalTicks: ONE_SECOND },
    ]);
  });

  it('ticks as numeric strings', () => {
    const body = [{ Type: 'DailyTrigger', TimeOfDayTicks: '792000000000', MaxRuntimeTicks: '36000000000' }];

    expect(parsedTriggers(body)).toEqual([
      { kind: 'daily', timeOfDayTicks: 792_000_000_000, maxRuntimeTicks: 36_000_000_000 },
    ]);
  });

  it('day integers and numeric strings', () => {
    const body = [
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: 6 },
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: '3' },
    ];

    expect(parsedTriggers(body).map((trigger) => trigger.dayOfWeek)).toEqual([6, 3]);
  });

  it('the legacy web UI body', () => {
    const body = [{ Type: 'DailyTrigger', TimeOfDayTicks: '72000000000', MaxRuntimeTicks: null, DayOfWeek: '' }];

    expect(parsedTriggers(body)).toEqual([{ kind: 'daily', timeOfDayTicks: 72_000_000_000 }]);
  });

  it('range bounds', () => {
    const body = [
      { Type: 'Daily', TimeOfDayTicks: 0 },
      { Type: 'Daily', TimeOfDayTicks: ONE_DAY - 1 },
      { Type: 'Interval', IntervalTicks: ONE_SECOND, MaxRuntimeTicks: ONE_SECOND },
      { Type: 'Interval', IntervalTicks: 366 * ONE_DAY, MaxRuntimeTicks: 366 * ONE_DAY },
    ];

    expect(parsedTriggers(body)).toHaveLength(4);
  });

  it('64 triggers', () => {
    expect(parsedTriggers(Array.from({ length: 64 }, () => ({ Type: 'Startup' })))).toHaveLength(64);
  });
});

describe('parseTriggerList keeps', () => {
  it('fields the type does not use', () => {
    const body = [{ Type: 'Interval', IntervalTicks: ONE_SECOND, TimeOfDayTicks: 7, DayOfWeek: 'Tuesday' }];

    expect(parsedTriggers(body)).toEqual([
      { kind: 'interval', timeOfDayTicks: 7, intervalTicks: ONE_SECOND, dayOfWeek: 2 },
    ]);
  });

  it('original indexes in paths after null entries', () => {
    const errors = parseErrors([null, { Type: 'Daily', TimeOfDayTicks: 0 }, null, { Type: 'Weekly', TimeOfDayTicks: 0 }]);

    expect(Object.keys(errors)).toEqual(['$[3].DayOfWeek']);
  });
});

describe('parseTriggerList ignores', () => {
  it('null entries', () => {
    expect(parsedTriggers([null, { Type: 'Startup' }, null])).toEqual([{ kind: 'startup' }]);
  });

  it('unknown properties', () => {
    expect(parsedTriggers([{ Type: 'Startup', MaxRuntimeMs: 'x', Id: 4 }])).toEqual([{ kind: 'startup' }]);
  });

  it('null ticks', () => {
    expect(parsedTriggers([{ Type: 'Startup', IntervalTicks: null, TimeOfDayTicks: null }])).toEqual([
      { kind: 'startup' },
    ]);
  });

  it('SystemEvent on other types', () => {
    expect(parsedTriggers([{ Type: 'Startup', SystemEvent: 'Bogus' }])).toEqual([{ kind: 'startup' }]);
  });

  it('a __proto__ property', () => {
    const body: unknown = JSON.parse('[{"Type":"Startup","__proto__":{"Type":"Daily"}}]');

    expect(parsedTriggers(body)).toEqual([{ kind: 'startup' }]);
  });
});

describe('parseTriggerList rejects', () => {
  it('a body that is not an array', () => {
    expect(parseErrors({ Type: 'Daily' })).toEqual({
      $: ['The value {"Type":"Daily"} is not a valid trigger list. Send a JSON array of TaskTriggerInfo objects.'],
    });
    expect(Object.keys(parseErrors(null))).toEqual(['$']);
    expect(Object.keys(parseErrors('[]'))).toEqual(['$']);
    expect(parseErrors(undefined).$).toEqual(['The request body is missing. Send a JSON array of TaskTriggerInfo objects.']);
  });

  it('more than 64 triggers', () => {
    const body = [null, ...Array.from({ length: 65 }, () => ({ Type: 'Startup' }))];

    expect(parseErrors(body)).toEqual({ $: ['The list contains 65 triggers. Use at most 64 triggers per task.'] });
  });

  it('entries that are not objects', () => {
    const errors = parseErrors([5, 'Daily', [], true]);

    expect(errors['$[0]']).toEqual(['The value 5 is not a valid TaskTriggerInfo. Use a JSON object or null.']);
    expect(errors['$[1]']).toEqual(['The value "Daily" is not a valid TaskTriggerInfo. Use a JSON object or null.']);
    expect(errors['$[2]']).toEqual(['The value [] is not a valid TaskTriggerInfo. Use a JSON object or null.']);
    expect(errors['$[3]']).toEqual(['The value true is not a valid TaskTriggerInfo. Use a JSON object or null.']);
  });

  it('an unknown Type', () => {
    expect(parseErrors([{ Type: 'Hourly' }])['$[0].Type']).toEqual([
      'The value "Hourly" is not a valid trigger Type. Use DailyTrigger, WeeklyTrigger, IntervalTrigger, ' +
        'StartupTrigger or SystemEventTrigger, the short forms Daily, Weekly, Interval, Startup or SystemEvent, or 0 to 4.',
    ]);
  });

  it('a null, empty or out-of-range Type', () => {
    const errors = parseErrors([{ Type: null }, { Type: '' }, { Type: 5 }, { Type: -1 }, { Type: 1.5 }, { Type: true }]);

    expect(Object.keys(errors)).toEqual(['$[0].Type', '$[1].Type', '$[2].Type', '$[3].Type', '$[4].Type', '$[5].Type']);
    expect(errors['$[0].Type']?.[0]).toMatch(/^The value null is not a valid trigger Type\./);
    expect(errors['$[1].Type']?.[0]).toMatch(/^The value "" is not a valid trigger Type\./);
  });

  it('an unknown DayOfWeek', () => {
    expect(parseErrors([{ Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: 'Funday' }])).toEqual({
      '$[0].DayOfWeek': ['The value "Funday" is not a valid DayOfWeek. Use Sunday to Saturday or 0 to 6.'],
    });
  });

  it('a DayOfWeek outside 0 to 6', () => {
    const errors = parseErrors([
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: 7 },
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: -1 },
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: 2.5 },
    ]);

    expect(Object.keys(errors)).toEqual(['$[0].DayOfWeek', '$[1].DayOfWeek', '$[2].DayOfWeek']);
  });

  it('an unknown SystemEvent', () => {
    expect(parseErrors([{ Type: 'SystemEvent', SystemEvent: 'NetworkChanged' }])).toEqual({
      '$[0].SystemEvent': ['The value "NetworkChanged" is not a valid SystemEvent. Use WakeFromSleep or 0.'],
    });
  });

  it('fractional ticks', () => {
    expect(parseErrors([{ Type: 'Daily', TimeOfDayTicks: 1.5 }])).toEqual({
      '$[0].TimeOfDayTicks': [
        'The value 1.5 is not a valid TimeOfDayTicks. Use an integer from 0 to 863999999999 (ticks since local midnight, under 24 hours).',
      ],
    });
  });

  it('ticks that are not integers', () => {
    const errors = parseErrors([
      { Type: 'Interval', IntervalTicks: '1.5' },
      { Type: 'Interval', IntervalTicks: '1e9' },
      { Type: 'Interval', IntervalTicks: '' },
      { Type: 'Interval', IntervalTicks: true },
      { Type: 'Interval', IntervalTicks: { value: 1 } },
      { Type: 'Interval', IntervalTicks: ' 10000000' },
    ]);

    for (let index = 0; index < 6; index++) {
      expect(errors[`$[${index}].IntervalTicks`]?.[0]).toMatch(/ is not a valid IntervalTicks\. Use an integer from 10000000 \(1 second\)/);
    }
  });

  it('TimeOfDayTicks of a full day', () => {
    expect(parseErrors([{ Type: 'Daily', TimeOfDayTicks: ONE_DAY }])).toEqual({
      '$[0].TimeOfDayTicks': [
        'The value 864000000000 is out of range for TimeOfDayTicks. Use an integer from 0 to 863999999999 (ticks since local midnight, under 24 hours).',
      ],
    });
  });

  it('negative TimeOfDayTicks', () => {
    expect(Object.keys(parseErrors([{ Type: 'Daily', TimeOfDayTicks: '-1' }]))).toEqual(['$[0].TimeOfDayTicks']);
  });

  it('IntervalTicks below one second', () => {
    expect(parseErrors([{ Type: 'Interval', IntervalTicks: ONE_SECOND - 1 }])).toEqual({
      '$[0].IntervalTicks': [
        'The value 9999999 is out of range for IntervalTicks. Use an integer from 10000000 (1 second) to 316224000000000 (366 days) ticks.',
      ],
    });
  });

  it('IntervalTicks above 366 days', () => {
    expect(Object.keys(parseErrors([{ Type: 'Interval', IntervalTicks: 366 * ONE_DAY + 1 }]))).toEqual([
      '$[0].IntervalTicks',
    ]);
  });

  it('MaxRuntimeTicks out of range', () => {
    const errors = parseErrors([
      { Type: 'Startup', MaxRuntimeTicks: 0 },
      { Type: 'Startup', MaxRuntimeTicks: 366 * ONE_DAY + 1 },
    ]);

    expect(errors['$[0].MaxRuntimeTicks']).toEqual([
      'The value 0 is out of range for MaxRuntimeTicks. Use an integer from 10000000 (1 second) to 316224000000000 (366 days) ticks.',
    ]);
    expect(errors).toHaveProperty(['$[1].MaxRuntimeTicks']);
  });

  it('integers beyond the safe range', () => {
    const errors = parseErrors([
      { Type: 'Interval', IntervalTicks: '99999999999999999999' },
      { Type: 'Interval', IntervalTicks: 1e300 },
    ]);

    expect(errors['$[0].IntervalTicks']?.[0]).toMatch(/^The value "99999999999999999999" is out of range for IntervalTicks\./);
    expect(errors['$[1].IntervalTicks']?.[0]).toMatch(/^The value 1e\+300 is out of range for IntervalTicks\./);
  });

  it('unused fields out of range', () => {
    expect(Object.keys(parseErrors([{ Type: 'Startup', IntervalTicks: 5, DayOfWeek: 'Someday' }]))).toEqual([
      '$[0].IntervalTicks',
      '$[0].DayOfWeek',
    ]);
  });

  it('missing required fields', () => {
    const errors = parseErrors([
      { Type: 'Daily' },
      { Type: 'Weekly' },
      { Type: 'Interval', TimeOfDayTicks: 0 },
      { Type: 'SystemEvent', SystemEvent: '' },
    ]);

    expect(errors).toEqual({
      '$[0].TimeOfDayTicks': [
        'TimeOfDayTicks is missing, but Type DailyTrigger requires an integer from 0 to 863999999999 (ticks since local midnight, under 24 hours).',
      ],
      '$[1].TimeOfDayTicks': [
        'TimeOfDayTicks is missing, but Type WeeklyTrigger requires an integer from 0 to 863999999999 (ticks since local midnight, under 24 hours).',
      ],
      '$[1].DayOfWeek': ['DayOfWeek is missing, but Type WeeklyTrigger requires a day from Sunday to Saturday or 0 to 6.'],
      '$[2].IntervalTicks': [
        'IntervalTicks is missing, but Type IntervalTrigger requires an integer from 10000000 (1 second) to 316224000000000 (366 days) ticks.',
      ],
      '$[3].SystemEvent': ['SystemEvent is missing, but Type SystemEventTrigger requires WakeFromSleep or 0.'],
    });
  });

  it('a null or empty DayOfWeek on a weekly trigger', () => {
    const errors = parseErrors([
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: null },
      { Type: 'Weekly', TimeOfDayTicks: 0, DayOfWeek: '' },
    ]);

    expect(Object.keys(errors)).toEqual(['$[0].DayOfWeek', '$[1].DayOfWeek']);
  });

  it('only the invalid value, not also a missing one', () => {
    expect(Object.keys(parseErrors([{ Type: 'Daily', TimeOfDayTicks: 'noon' }]))).toEqual(['$[0].TimeOfDayTicks']);
  });

  it('every problem at once', () => {
    const body = [
      { Type: 'Weekly', TimeOfDayTicks: ONE_DAY, DayOfWeek: 'Funday', MaxRuntimeTicks: 1 },
      { Type: 'Daily', TimeOfDayTicks: 0 },
      'nonsense',
      { Type: 'Sometimes', IntervalTicks: -5 },
    ];

    expect(Object.keys(parseErrors(body))).toEqual([
      '$[0].TimeOfDayTicks',
      '$[0].DayOfWeek',
      '$[0].MaxRuntimeTicks',
      '$[2]',
      '$[3].Type',
      '$[3].IntervalTicks',
    ]);
  });

  it('long values shortened in messages', () => {
    const message = parseErrors([{ Type: 'x'.repeat(500) }])['$[0].Type']?.[0] ?? '';

    expect(message).toContain('…');
    expect(message.length).toBeLessThan(400);
  });
});
