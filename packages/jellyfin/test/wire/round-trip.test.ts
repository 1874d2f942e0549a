import { describe, expect, it } from 'vitest';

import type { Trigger } from '@tickwork/engine';

import { toTaskTriggerInfo } from '../../src/wire/task-info.ts';
import { parseTriggerList } from '../../src/wire/trigger-input.ts';

const triggers: Array<[string, Trigger]> = [
  ['daily', { kind: 'daily', timeOfDayTicks: 72_000_000_000 }],
  ['daily with a time limit', { kind: 'daily', timeOfDayTicks: 863_999_999_999, maxRuntimeTicks: 144_000_000_000 }],
  ['weekly', { kind: 'weekly', timeOfDayTicks: 108_000_000_000, dayOfWeek: 0 }],
  ['weekly on Saturday', { kind: 'weekly', timeOfDayTicks: 1, dayOfWeek: 6, maxRuntimeTicks: 10_000_000 }],
  ['interval', { kind: 'interval', intervalTicks: 432_000_000_000 }],
  ['interval of 366 days', { kind: 'interval', intervalTicks: 316_224_000_000_000, maxRuntimeTicks: 316_224_000_000_000 }],
  ['startup', { kind: 'startup' }],
  ['startup with a time limit', { kind: 'startup', maxRuntimeTicks: 36_000_000_000 }],
  ['system event', { kind: 'systemEvent', systemEvent: 'wakeFromSleep' }],
  ['system event with a time limit', { kind: 'systemEvent', systemEvent: 'wakeFromSleep', maxRuntimeTicks: 600_000_000 }],
  [
    'interval with unused fields',
    { kind: 'interval', timeOfDayTicks: 5, intervalTicks: 10_000_000, dayOfWeek: 3, maxRuntimeTicks: 20_000_000 },
  ],
  ['startup with unused fields', { kind: 'startup', timeOfDayTicks: 0, intervalTicks: 600_000_000, dayOfWeek: 4 }],
];

describe('trigger round trip', () => {
  for (const [label, trigger] of triggers) {
    it(`returns a ${label} trigger unchanged`, () => {
      const body: unknown = JSON.parse(JSON.stringify([toTaskTriggerInfo(trigger)]));

      expect(parseTriggerList(body)).toEqual({ ok: true, triggers: [trigger] });
    });
  }

  it('returns a whole list unchanged', () => {
    const list = triggers.map(([, trigger]) => trigger);
    const body: unknown = JSON.parse(JSON.stringify(list.map(toTaskTriggerInfo)));

    expect(parseTriggerList(body)).toEqual({ ok: true, triggers: list });
  });

  it('writes back what a client sent', () => {
    const sent = [
      { Type: 'WeeklyTrigger', TimeOfDayTicks: 72_000_000_000, DayOfWeek: 'Thursday', MaxRuntimeTicks: 36_000_000_000 },
      { Type: 'IntervalTrigger', IntervalTicks: 9_000_000_000 },
    ];

    const result = parseTriggerList(sent);
    if (!result.ok) {
      throw new Error(`Expected a valid list, got ${JSON.stringify(result.errors)}`);
    }

    expect(JSON.stringify(result.triggers.map(toTaskTriggerInfo))).toBe(JSON.stringify(sent));
  });
});
