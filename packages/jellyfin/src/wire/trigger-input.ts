import { TRIGGER_LIMITS } from '@tickwork/engine';
import type { DayOfWeek, SystemEvent, Trigger, TriggerKind } from '@tickwork/engine';

import { DAY_OF_WEEK_NAMES, SYSTEM_EVENTS, SYSTEM_EVENT_NAMES, TRIGGER_KINDS, TRIGGER_TYPE_NAMES } from './enums.ts';

export type TriggerListParseResult =
  | { ok: true; triggers: Trigger[] }
  | { ok: false; errors: Record<string, string[]> };

/** Reading of one field: absent (missing, null, or "" for an optional enum), a value, or invalid. */
type FieldReading<T> = { kind: 'absent' } | { kind: 'value'; value: T } | { kind: 'invalid' };

const ABSENT = { kind: 'absent' } as const;
const INVALID = { kind: 'invalid' } as const;

/** Accepted integer range of a ticks field and how to describe it in a message. */
interface TicksRange {
  min: number;
  max: number;
  description: string;
}

const TIME_OF_DAY_RANGE: TicksRange = {
  min: 0,
  max: TRIGGER_LIMITS.timeOfDayTicksMax,
  description: `an integer from 0 to ${TRIGGER_LIMITS.timeOfDayTicksMax} (ticks since local midnight, under 24 hours)`,
};

const INTERVAL_RANGE: TicksRange = {
  min: TRIGGER_LIMITS.intervalTicksMin,
  max: TRIGGER_LIMITS.intervalTicksMax,
  description: `an integer from ${TRIGGER_LIMITS.intervalTicksMin} (1 second) to ${TRIGGER_LIMITS.intervalTicksMax} (366 days) ticks`,
};

const MAX_RUNTIME_RANGE: TicksRange = {
  min: TRIGGER_LIMITS.maxRuntimeTicksMin,
  max: TRIGGER_LIMITS.maxRuntimeTicksMax,
  description: `an integer from ${TRIGGER_LIMITS.maxRuntimeTicksMin} (1 second) to ${TRIGGER_LIMITS.maxRuntimeTicksMax} (366 days) ticks`,
};

const TYPE_HINT = 'Use DailyTrigger, WeeklyTrigger, IntervalTrigger, StartupTrigger or SystemEventTrigger, the short forms Daily, Weekly, Interval, Startup or SystemEvent, or 0 to 4.';
const DAY_OF_WEEK_HINT = 'Use Sunday to Saturday or 0 to 6.';
const SYSTEM_EVENT_HINT = 'Use WakeFromSleep or 0.';

/** Accepted `Type` spellings, lower-cased, to the index into TRIGGER_KINDS. */
const TYPE_ALIASES: ReadonlyMap<string, number> = new Map(
  TRIGGER_TYPE_NAMES.flatMap((name, index) => [
    [name.toLowerCase(), index],
    [name.slice(0, -'Trigger'.length).toLowerCase(), index],
  ]),
);

/** Maximum length, in characters, of a bad value quoted in a message. */
const MAX_QUOTED_VALUE_LENGTH = 80;

/**
 * Validates a request body for `POST /ScheduledTasks/{taskId}/Triggers` (a JSON
 * array of TaskTriggerInfo) and converts it to engine triggers. The body is read
 * the way Jellyfin 10.11 reads it:
 *
 * - Property names match case-insensitively, and the last of two spellings wins.
 *   Unknown properties are ignored.
 * - `null` entries are dropped, but error paths keep the original index.
 * - Ticks are integers, given as JSON numbers or as numeric strings.
 * - Enums are given by name (case-insensitive) or by integer value. `""` or null
 *   means absent for `DayOfWeek` and `SystemEvent`.
 * - A missing `Type` means `DailyTrigger`, but a null or empty `Type` is invalid.
 *
 * Unlike Jellyfin, Tickwork range-checks every ticks field against
 * TRIGGER_LIMITS. Fields a trigger type does not use are checked and kept, so a
 * stored list reads back as it was given. `SystemEvent` is the exception: only a
 * `SystemEventTrigger` reads it, because the 10.11 schema has no such property
 * and output could not write it back on another type.
 *
 * All problems are collected, keyed by JSON path with the canonical PascalCase
 * field name (`$[1].DayOfWeek`). Problems with the body as a whole use `$`.
 */
export function parseTriggerList(body: unknown): TriggerListParseResult {
  if (!Array.isArray(body)) {
    return { ok: false, errors: { $: [describeNonArrayBody(body)] } };
  }

  const errors: Record<string, string[]> = {};
  const addError = (path: string, message: string): void => {
    (errors[path] ??= []).push(message);
  };

  const entryCount = body.filter((entry) => entry !== null).length;
  if (entryCount > TRIGGER_LIMITS.maxTriggers) {
    addError('$', `The list contains ${entryCount} triggers. Use at most ${TRIGGER_LIMITS.maxTriggers} triggers per task.`);
  }

  const triggers: Trigger[] = [];
  body.forEach((entry: unknown, index) => {
    if (entry === null) {
      return;
    }

    const trigger = parseTrigger(entry, `$[${index}]`, addError);
    if (trigger !== undefined) {
      triggers.push(trigger);
    }
  });

  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, triggers };
}

/** Parses one array entry and reports its problems through `addError`. Returns undefined when any field is invalid. */
function parseTrigger(
  entry: unknown,
  path: string,
  addError: (path: string, message: string) => void,
): Trigger | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    addError(path, `The value ${quoteValue(entry)} is not a valid TaskTriggerInfo. Use a JSON object or null.`);
    return undefined;
  }

  const fields = new Map<string, unknown>();
  for (const [name, value] of Object.entries(entry)) {
    fields.set(name.toLowerCase(), value);
  }

  let isValid = true;
  const report = (field: string, message: string): void => {
    isValid = false;
    addError(`${path}.${field}`, message);
  };

  const kind = readTriggerKind(fields, report);
  const timeOfDayTicks = readTicks(fields, 'TimeOfDayTicks', TIME_OF_DAY_RANGE, report);
  const intervalTicks = readTicks(fields, 'IntervalTicks', INTERVAL_RANGE, report);
  const dayOfWeek = readDayOfWeek(fields, report);
  const maxRuntimeTicks = readTicks(fields, 'MaxRuntimeTicks', MAX_RUNTIME_RANGE, report);
  const systemEvent = kind === 'systemEvent' ? readSystemEvent(fields, report) : ABSENT;

  if (kind === undefined) {
    return undefined;
  }

  const typeName = TRIGGER_TYPE_NAMES[TRIGGER_KINDS.indexOf(kind)];
  const requireField = (reading: FieldReading<unknown>, field: string, expected: string): void => {
    if (reading.kind === 'absent') {
      report(field, `${field} is missing, but Type ${typeName} requires ${expected}.`);
    }
  };

  if (kind === 'daily' || kind === 'weekly') {
    requireField(timeOfDayTicks, 'TimeOfDayTicks', TIME_OF_DAY_RANGE.description);
  }
  if (kind === 'weekly') {
    requireField(dayOfWeek, 'DayOfWeek', 'a day from Sunday to Saturday or 0 to 6');
  }
  if (kind === 'interval') {
    requireField(intervalTicks, 'IntervalTicks', INTERVAL_RANGE.description);
  }
  if (kind === 'systemEvent') {
    requireField(systemEvent, 'SystemEvent', 'WakeFromSleep or 0');
  }

  if (!isValid) {
    return undefined;
  }

  const trigger: Trigger = { kind };
  if (timeOfDayTicks.kind === 'value') {
    trigger.timeOfDayTicks = timeOfDayTicks.value;
  }
  if (intervalTicks.kind === 'value') {
    trigger.intervalTicks = intervalTicks.value;
  }
  if (dayOfWeek.kind === 'value') {
    trigger.dayOfWeek = dayOfWeek.value;
  }
  if (maxRuntimeTicks.kind === 'value') {
    trigger.maxRuntimeTicks = maxRuntimeTicks.value;
  }
  if (systemEvent.kind === 'value') {
    trigger.systemEvent = systemEvent.value;
  }
  return trigger;
}

/** Reads `Type`, where a missing property means DailyTrigger, as in Jellyfin 10.11. Returns undefined when invalid. */
function readTriggerKind(
  fields: ReadonlyMap<string, unknown>,
  report: (field: string, message: string) => void,
): TriggerKind | undefined {
  if (!fields.has('type')) {
    return 'daily';
  }

  const raw = fields.get('type');
  const index = readEnumIndex(raw, TYPE_ALIASES, TRIGGER_TYPE_NAMES.length);
  if (index === undefined) {
    report('Type', `The value ${quoteValue(raw)} is not a valid trigger Type. ${TYPE_HINT}`);
    return undefined;
  }
  return TRIGGER_KINDS[index];
}

function readDayOfWeek(
  fields: ReadonlyMap<string, unknown>,
  report: (field: string, message: string) => void,
): FieldReading<DayOfWeek> {
  const raw = fields.get('dayofweek');
  if (raw === undefined || raw === null || raw === '') {
    return ABSENT;
  }

  const index = readEnumIndex(raw, lowerCaseIndex(DAY_OF_WEEK_NAMES), DAY_OF_WEEK_NAMES.length);
  if (index === undefined) {
    report('DayOfWeek', `The value ${quoteValue(raw)} is not a valid DayOfWeek. ${DAY_OF_WEEK_HINT}`);
    return INVALID;
  }
  return { kind: 'value', value: index as DayOfWeek };
}

function readSystemEvent(
  fields: ReadonlyMap<string, unknown>,
  report: (field: string, message: string) => void,
): FieldReading<SystemEvent> {
  const raw = fields.get('systemevent');
  if (raw === undefined || raw === null || raw === '') {
    return ABSENT;
  }

  const index = readEnumIndex(raw, lowerCaseIndex(SYSTEM_EVENT_NAMES), SYSTEM_EVENT_NAMES.length);
  const event = index === undefined ? undefined : SYSTEM_EVENTS[index];
  if (event === undefined) {
    report('SystemEvent', `The value ${quoteValue(raw)} is not a valid SystemEvent. ${SYSTEM_EVENT_HINT}`);
    return INVALID;
  }
  return { kind: 'value', value: event };
}

/** Reads a ticks field. Null counts as absent because every ticks field is nullable in the schema. */
function readTicks(
  fields: ReadonlyMap<string, unknown>,
  field: string,
  range: TicksRange,
  report: (field: string, message: string) => void,
): FieldReading<number> {
  const raw = fields.get(field.toLowerCase());
  if (raw === undefined || raw === null) {
    return ABSENT;
  }

  const value = readInteger(raw);
  if (value === undefined) {
    report(field, `The value ${quoteValue(raw)} is not a valid ${field}. Use ${range.description}.`);
    return INVALID;
  }
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    report(field, `The value ${quoteValue(raw)} is out of range for ${field}. Use ${range.description}.`);
    return INVALID;
  }

  // Store -0 as 0, which is how JSON writes it back anyway.
  return { kind: 'value', value: value === 0 ? 0 : value };
}

/**
 * Reads an integer from a JSON number or a string of decimal digits with an
 * optional minus sign. Returns undefined for anything else (fractions, booleans,
 * objects, "", "1e3"). The result may lie beyond the safe-integer range, which the
 * caller reports as out of range.
 */
function readInteger(raw: unknown): number | undefined {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) ? raw : undefined;
  }
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) {
    return Number(raw);
  }
  return undefined;
}

/**
 * Reads an enum given by name (looked up lower-cased in `aliases`) or by integer
 * value, as a JSON number or a digit string. Returns the value's index, or
 * undefined when the input names no member of the `memberCount` members.
 */
function readEnumIndex(raw: unknown, aliases: ReadonlyMap<string, number>, memberCount: number): number | undefined {
  if (typeof raw !== 'number' && typeof raw !== 'string') {
    return undefined;
  }

  const byName = typeof raw === 'string' ? aliases.get(raw.toLowerCase()) : undefined;
  if (byName !== undefined) {
    return byName;
  }

  const byValue = readInteger(raw);
  if (byValue === undefined || byValue < 0 || byValue >= memberCount) {
    return undefined;
  }
  return byValue;
}

function lowerCaseIndex(names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((name, index) => [name.toLowerCase(), index]));
}

/** Quotes a bad value for a message: JSON text, shortened to MAX_QUOTED_VALUE_LENGTH characters. */
function quoteValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= MAX_QUOTED_VALUE_LENGTH) {
    return text;
  }
  return `${text.slice(0, MAX_QUOTED_VALUE_LENGTH - 1)}…`;
}

function describeNonArrayBody(body: unknown): string {
  const hint = 'Send a JSON array of TaskTriggerInfo objects.';
  if (body === undefined) {
    return `The request body is missing. ${hint}`;
  }
  return `The value ${quoteValue(body)} is not a valid trigger list. ${hint}`;
}
