import { describe, expect, it } from 'vitest';

import { describeTrigger as describeTriggerOnServer } from '../../../packages/engine/src/trigger-words.ts';
import { describeTimeLimit, describeTrigger, describeTriggerWithLimit } from '../src/trigger-words';
import type { Trigger } from '../src/trigger-words';

const HOUR = 36_000_000_000;
const MINUTE = HOUR / 60;

describe('describeTrigger', () => {
  it.each([
    [{ kind: 'daily', timeOfDayTicks: 2 * HOUR }, 'Daily at 02:00'],
    [{ kind: 'daily', timeOfDayTicks: 23 * HOUR + 45 * MINUTE }, 'Daily at 23:45'],
    [{ kind: 'weekly', dayOfWeek: 0, timeOfDayTicks: 3 * HOUR }, 'Sundays at 03:00'],
    [{ kind: 'weekly', dayOfWeek: 6, timeOfDayTicks: 0 }, 'Saturdays at 00:00'],
    [{ kind: 'interval', intervalTicks: 6 * HOUR }, 'Every 6 hours'],
    [{ kind: 'interval', intervalTicks: HOUR }, 'Every hour'],
    [{ kind: 'interval', intervalTicks: 15 * MINUTE }, 'Every 15 minutes'],
    [{ kind: 'interval', intervalTicks: 90 * MINUTE }, 'Every 90 minutes'],
    [{ kind: 'interval', intervalTicks: 168 * HOUR }, 'Every 168 hours'],
    [{ kind: 'interval', intervalTicks: 24 * HOUR }, 'Every 24 hours'],
    [{ kind: 'interval', intervalTicks: 48 * HOUR }, 'Every 48 hours'],
    [{ kind: 'interval', intervalTicks: MINUTE }, 'Every minute'],
    [{ kind: 'startup' }, 'On application startup'],
    [{ kind: 'systemEvent', systemEvent: 'wakeFromSleep' }, 'When the host wakes from sleep'],
  ] as const)('%o reads "%s"', (trigger, words) => {
    expect(describeTrigger(trigger)).toBe(words);
  });
});

describe('describeTimeLimit', () => {
  it('reads hours and minutes', () => {
    expect(describeTimeLimit({ kind: 'startup', maxRuntimeTicks: 4 * HOUR })).toBe('Time limit: 4 hours');
    expect(describeTimeLimit({ kind: 'startup', maxRuntimeTicks: HOUR })).toBe('Time limit: 1 hour');
    expect(describeTimeLimit({ kind: 'startup', maxRuntimeTicks: 30 * MINUTE })).toBe('Time limit: 30 minutes');
  });

  it('is undefined without a limit', () => {
    expect(describeTimeLimit({ kind: 'startup' })).toBeUndefined();
  });
});

describe('describeTriggerWithLimit', () => {
  it('words the time limit after a comma', () => {
    const trigger: Trigger = { kind: 'weekly', dayOfWeek: 6, timeOfDayTicks: 22 * HOUR + 30 * MINUTE, maxRuntimeTicks: 2 * HOUR };

    expect(describeTriggerWithLimit(trigger)).toBe('Saturdays at 22:30, time limit 2 hours');
  });

  it('is the trigger alone without a limit', () => {
    expect(describeTriggerWithLimit({ kind: 'daily', timeOfDayTicks: 2 * HOUR })).toBe('Daily at 02:00');
  });

  it.each<Trigger>([
    { kind: 'weekly', dayOfWeek: 6, timeOfDayTicks: 22 * HOUR + 30 * MINUTE, maxRuntimeTicks: 2 * HOUR },
    { kind: 'interval', intervalTicks: 90 * MINUTE, maxRuntimeTicks: 30 * MINUTE },
    { kind: 'startup', maxRuntimeTicks: 48 * HOUR },
    { kind: 'daily', timeOfDayTicks: 0 },
  ])('matches the server’s activity wording for %j', (trigger) => {
    expect(describeTriggerWithLimit(trigger)).toBe(describeTriggerOnServer(trigger as Parameters<typeof describeTriggerOnServer>[0]));
  });
});
