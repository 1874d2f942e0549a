import { TRIGGER_LIMITS } from './trigger.ts';
import type { Trigger, TriggerKind } from './trigger.ts';

const KINDS: readonly TriggerKind[] = ['daily', 'weekly', 'interval', 'startup', 'systemEvent'];

function checkTicks(name: string, value: unknown, min: number, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    return `${name} ${JSON.stringify(value)} is out of range: use an integer from ${min} to ${max} ticks.`;
  }
  return undefined;
}

/**
 * Checks a trigger in the engine's own shape (plugin default triggers and
 * stored trigger lists) and returns the problems found, empty when valid.
 */
export function checkTrigger(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`a trigger must be an object, not ${JSON.stringify(value)}.`];
  }
  const trigger = value as Record<string, unknown>;
  const kind = trigger.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind as TriggerKind)) {
    return [`trigger kind ${JSON.stringify(kind)} is not one of ${KINDS.join(', ')}.`];
  }

  const problems = [
    checkTicks('timeOfDayTicks', trigger.timeOfDayTicks, 0, TRIGGER_LIMITS.timeOfDayTicksMax),
    checkTicks('intervalTicks', trigger.intervalTicks, TRIGGER_LIMITS.intervalTicksMin, TRIGGER_LIMITS.intervalTicksMax),
    checkTicks('maxRuntimeTicks', trigger.maxRuntimeTicks, TRIGGER_LIMITS.maxRuntimeTicksMin, TRIGGER_LIMITS.maxRuntimeTicksMax),
  ].filter((problem): problem is string => problem !== undefined);

  const day = trigger.dayOfWeek;
  if (day !== undefined && !(typeof day === 'number' && Number.isInteger(day) && day >= 0 && day <= 6)) {
    problems.push(`dayOfWeek ${JSON.stringify(day)} is invalid: use 0 (Sunday) to 6 (Saturday).`);
  }
  if (trigger.systemEvent !== undefined && trigger.systemEvent !== 'wakeFromSleep') {
    problems.push(`systemEvent ${JSON.stringify(trigger.systemEvent)} is invalid: use "wakeFromSleep".`);
  }

  const required: Record<TriggerKind, string[]> = {
    daily: ['timeOfDayTicks'],
    weekly: ['timeOfDayTicks', 'dayOfWeek'],
    interval: ['intervalTicks'],
    startup: [],
    systemEvent: ['systemEvent'],
  };
  for (const field of required[kind as TriggerKind]) {
    if (trigger[field] === undefined) problems.push(`a ${kind} trigger needs ${field}.`);
  }
  return problems;
}

/** Copies the known fields of a valid trigger, dropping anything else. */
export function normalizeTrigger(trigger: Trigger): Trigger {
  const copy: Trigger = { kind: trigger.kind };
  if (trigger.timeOfDayTicks !== undefined) copy.timeOfDayTicks = trigger.timeOfDayTicks;
  if (trigger.intervalTicks !== undefined) copy.intervalTicks = trigger.intervalTicks;
  if (trigger.dayOfWeek !== undefined) copy.dayOfWeek = trigger.dayOfWeek;
  if (trigger.maxRuntimeTicks !== undefined) copy.maxRuntimeTicks = trigger.maxRuntimeTicks;
  if (trigger.systemEvent !== undefined) copy.systemEvent = trigger.systemEvent;
  return copy;
}

/** A stable text form of a trigger, used to match stored anchors to triggers. */
export function triggerFingerprint(trigger: Trigger): string {
  return JSON.stringify(normalizeTrigger(trigger));
}
