import { describe, expect, it } from 'vitest';

import { EMPTY_DRAFT, draftFromTrigger, fieldOfServerError, triggerFromDraft } from '../src/trigger-form';
import type { Trigger } from '../src/trigger-words';

const HOUR = 36_000_000_000;
const MINUTE = HOUR / 60;

describe('trigger form', () => {
  it.each<Trigger>([
    { kind: 'daily', timeOfDayTicks: 2 * HOUR },
    { kind: 'weekly', dayOfWeek: 3, timeOfDayTicks: 4 * HOUR + 30 * MINUTE, maxRuntimeTicks: 4 * HOUR },
    { kind: 'interval', intervalTicks: 6 * HOUR },
    { kind: 'interval', intervalTicks: 90 * MINUTE, maxRuntimeTicks: 45 * MINUTE },
    { kind: 'interval', intervalTicks: 3 * 24 * HOUR },
    { kind: 'startup' },
    { kind: 'systemEvent', systemEvent: 'wakeFromSleep', maxRuntimeTicks: 2 * HOUR },
  ])('round-trips %o', (trigger) => {
    expect(triggerFromDraft(draftFromTrigger(trigger))).toEqual({ trigger });
  });

  it('reads a fractional time limit', () => {
    const result = triggerFromDraft({ ...EMPTY_DRAFT, hasTimeLimit: true, timeLimit: '1.5', timeLimitUnit: 'hours' });
    expect(result).toEqual({ trigger: { kind: 'daily', timeOfDayTicks: 3 * HOUR, maxRuntimeTicks: 1.5 * HOUR } });
  });

  it('names each invalid field', () => {
    const result = triggerFromDraft({
      ...EMPTY_DRAFT,
      kind: 'interval',
      intervalPreset: 'custom',
      customInterval: 'soon',
      hasTimeLimit: true,
      timeLimit: '400',
      timeLimitUnit: 'days',
    });
    expect(result).toEqual({
      errors: {
        interval: '"soon" is not a positive number; enter the interval in hours.',
        timeLimit: 'The time limit must be between 1 minute and 366 days.',
      },
    });
  });

  it('rejects a missing time of day', () => {
    expect(triggerFromDraft({ ...EMPTY_DRAFT, time: '' })).toEqual({ errors: { time: 'Choose a time of day.' } });
    expect(triggerFromDraft({ ...EMPTY_DRAFT, time: '25:00' })).toEqual({ errors: { time: '"25:00" is not a time of day; use HH:MM.' } });
  });

  it('maps server field errors to fields', () => {
    expect(fieldOfServerError('triggers.2.intervalTicks')).toBe('interval');
    expect(fieldOfServerError('triggers.0.maxRuntimeTicks')).toBe('timeLimit');
    expect(fieldOfServerError('triggers')).toBeUndefined();
  });
});
