import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, parseTimeOfDay, timeOfDayText } from './ticks';
import type { Trigger } from './trigger-words';

/** Form values of the trigger editor; every value is text or a choice, never ticks. */
export interface TriggerDraft {
  kind: Trigger['kind'];
  /** "HH:MM" for daily and weekly triggers. */
  time: string;
  /** "0" (Sunday) to "6". */
  dayOfWeek: string;
  /** A preset in ticks as text, or "custom". */
  intervalPreset: string;
  customInterval: string;
  customIntervalUnit: SpanUnit;
  hasTimeLimit: boolean;
  timeLimit: string;
  timeLimitUnit: SpanUnit;
}

export type SpanUnit = 'minutes' | 'hours' | 'days';
export type TriggerField = 'time' | 'dayOfWeek' | 'interval' | 'timeLimit';
export type FieldErrors = Partial<Record<TriggerField, string>>;

export const UNIT_TICKS: Record<SpanUnit, number> = { minutes: TICKS_PER_MINUTE, hours: TICKS_PER_HOUR, days: TICKS_PER_DAY };

/** Interval presets, as in Jellyfin's dialog: 15, 30, 45 minutes and 1 to 24 hours. */
export const INTERVAL_PRESETS: Array<{ label: string; ticks: number }> = [
  ...[15, 30, 45].map((minutes) => ({ label: `${minutes} minutes`, ticks: minutes * TICKS_PER_MINUTE })),
  ...[1, 2, 3, 4, 6, 8, 12, 24].map((hours) => ({ label: hours === 1 ? '1 hour' : `${hours} hours`, ticks: hours * TICKS_PER_HOUR })),
];

/**
 * The server's limits for intervals and time limits, in minutes here because
 * the editor's smallest unit is a minute. The server checks them again.
 */
const MIN_SPAN_TICKS = TICKS_PER_MINUTE;
const MAX_SPAN_TICKS = 366 * TICKS_PER_DAY;

/**
 * A new trigger's form values. The interval starts at the first preset, 15
 * minutes, as Jellyfin 10.11's dialog does. The editor shows the choice in
 * words before it is saved.
 */
export const EMPTY_DRAFT: TriggerDraft = {
  kind: 'daily',
  time: '03:00',
  dayOfWeek: '0',
  intervalPreset: String(15 * TICKS_PER_MINUTE),
  customInterval: '',
  customIntervalUnit: 'hours',
  hasTimeLimit: false,
  timeLimit: '',
  timeLimitUnit: 'hours',
};

/** Splits ticks into a number and the largest unit that divides it exactly. */
function spanParts(ticks: number): { value: string; unit: SpanUnit } {
  if (ticks % TICKS_PER_DAY === 0) return { value: String(ticks / TICKS_PER_DAY), unit: 'days' };
  if (ticks % TICKS_PER_HOUR === 0) return { value: String(ticks / TICKS_PER_HOUR), unit: 'hours' };
  return { value: String(ticks / TICKS_PER_MINUTE), unit: 'minutes' };
}

/** Converts an existing trigger to the form values that show it. */
export function draftFromTrigger(trigger: Trigger): TriggerDraft {
  const draft: TriggerDraft = { ...EMPTY_DRAFT, kind: trigger.kind };
  if (trigger.timeOfDayTicks !== undefined) draft.time = timeOfDayText(trigger.timeOfDayTicks);
  if (trigger.dayOfWeek !== undefined) draft.dayOfWeek = String(trigger.dayOfWeek);
  if (trigger.intervalTicks !== undefined) {
    if (INTERVAL_PRESETS.some((preset) => preset.ticks === trigger.intervalTicks)) {
      draft.intervalPreset = String(trigger.intervalTicks);
    } else {
      const parts = spanParts(trigger.intervalTicks);
      draft.intervalPreset = 'custom';
      draft.customInterval = parts.value;
      draft.customIntervalUnit = parts.unit;
    }
  }
  if (trigger.maxRuntimeTicks !== undefined) {
    const parts = spanParts(trigger.maxRuntimeTicks);
    draft.hasTimeLimit = true;
    draft.timeLimit = parts.value;
    draft.timeLimitUnit = parts.unit;
  }
  return draft;
}

/** Reads a span such as "1.5" hours as ticks, or returns an error message naming the value and the range. */
function parseSpan(text: string, unit: SpanUnit, what: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `Enter the ${what}.`;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value <= 0) return `"${trimmed}" is not a positive number; enter the ${what} in ${unit}.`;
  const ticks = Math.round(value * UNIT_TICKS[unit]);
  if (ticks < MIN_SPAN_TICKS || ticks > MAX_SPAN_TICKS) return `The ${what} must be between 1 minute and 366 days.`;
  return ticks;
}

/** Turns form values into a trigger, or returns the error of each invalid field. */
export function triggerFromDraft(draft: TriggerDraft): { trigger: Trigger } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const trigger: Trigger = { kind: draft.kind };

  if (draft.kind === 'daily' || draft.kind === 'weekly') {
    const ticks = parseTimeOfDay(draft.time);
    if (ticks === undefined) errors.time = draft.time.trim() === '' ? 'Choose a time of day.' : `"${draft.time}" is not a time of day; use HH:MM.`;
    else trigger.timeOfDayTicks = ticks;
  }
  if (draft.kind === 'weekly') {
    const day = Number(draft.dayOfWeek);
    if (!Number.isInteger(day) || day < 0 || day > 6) errors.dayOfWeek = 'Choose a day of the week.';
    else trigger.dayOfWeek = day as Trigger['dayOfWeek'];
  }
  if (draft.kind === 'interval') {
    const ticks =
      draft.intervalPreset === 'custom' ? parseSpan(draft.customInterval, draft.customIntervalUnit, 'interval') : Number(draft.intervalPreset);
    if (typeof ticks === 'string') errors.interval = ticks;
    else trigger.intervalTicks = ticks;
  }
  if (draft.kind === 'systemEvent') trigger.systemEvent = 'wakeFromSleep';
  if (draft.hasTimeLimit) {
    const ticks = parseSpan(draft.timeLimit, draft.timeLimitUnit, 'time limit');
    if (typeof ticks === 'string') errors.timeLimit = ticks;
    else trigger.maxRuntimeTicks = ticks;
  }

  return Object.keys(errors).length > 0 ? { errors } : { trigger };
}

/** Maps a server field error key such as "triggers.2.intervalTicks" to the editor's field. */
export function fieldOfServerError(key: string): TriggerField | undefined {
  if (key.endsWith('timeOfDayTicks')) return 'time';
  if (key.endsWith('dayOfWeek')) return 'dayOfWeek';
  if (key.endsWith('intervalTicks')) return 'interval';
  if (key.endsWith('maxRuntimeTicks')) return 'timeLimit';
  return undefined;
}
