import { describe, expect, it } from 'vitest';

import { TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../src/trigger.ts';
import { describeTrigger, describeTriggers } from '../src/trigger-words.ts';

describe('trigger words', () => {
  it.each([
    [{ kind: 'daily' as const, timeOfDayTicks: 3 * TICKS_PER_HOUR }, 'Daily at 03:00'],
    [{ kind: 'weekly' as const, dayOfWeek: 0 as const, timeOfDayTicks: 3 * TICKS_PER_HOUR + 30 * TICKS_PER_MINUTE }, 'Sundays at 03:30'],
    [{ kind: 'interval' as const, intervalTicks: 24 * TICKS_PER_HOUR }, 'Every 24 hours'],
    [{ kind: 'interval' as const, intervalTicks: 168 * TICKS_PER_HOUR }, 'Every 168 hours'],
    [{ kind: 'interval' as const, intervalTicks: TICKS_PER_HOUR }, 'Every hour'],
    [{ kind: 'interval' as const, intervalTicks: 90 * TICKS_PER_MINUTE }, 'Every 90 minutes'],
    [{ kind: 'interval' as const, intervalTicks: 45 * TICKS_PER_SECOND }, 'Every 45 seconds'],
    [{ kind: 'startup' as const }, 'On application startup'],
    [{ kind: 'systemEvent' as const, systemEvent: 'wakeFromSleep' as const }, 'When the host wakes from sleep'],
    [{ kind: 'daily' as const, timeOfDayTicks: 2 * TICKS_PER_HOUR, maxRuntimeTicks: 4 * TICKS_PER_HOUR }, 'Daily at 02:00, time limit 4 hours'],
  ])('describes %o', (trigger, expected) => {
    expect(describeTrigger(trigger)).toBe(expected);
  });

  it('joins a list with semicolons', () => {
    const list = [
      { kind: 'daily' as const, timeOfDayTicks: 3 * TICKS_PER_HOUR },
      { kind: 'interval' as const, intervalTicks: 12 * TICKS_PER_HOUR },
    ];
    expect(describeTriggers(list)).toBe('Daily at 03:00; Every 12 hours');
  });

  it('names an empty list', () => {
    expect(describeTriggers([])).toBe('no triggers (it runs only when started by hand)');
  });
});
