import { z } from 'zod';

import { TRIGGER_LIMITS } from '@tickwork/engine';
import type { DayOfWeek } from '@tickwork/engine';

/** Builds a schema for whole ticks within a range, with messages that name the field, the value and the range. */
function ticks(field: string, min: number, max: number) {
  const range = `${min} to ${max} ticks`;
  return z
    .number({ error: (issue) => `${field} must be a number of ticks, not ${JSON.stringify(issue.input)}.` })
    .int({ error: (issue) => `${field} ${String(issue.input)} must be a whole number of ticks (${range}).` })
    .min(min, { error: (issue) => `${field} ${String(issue.input)} is out of range: use ${range}.` })
    .max(max, { error: (issue) => `${field} ${String(issue.input)} is out of range: use ${range}.` });
}

const REQUIRED_FIELDS = {
  daily: ['timeOfDayTicks'],
  weekly: ['timeOfDayTicks', 'dayOfWeek'],
  interval: ['intervalTicks'],
  startup: [],
  systemEvent: ['systemEvent'],
} as const;

/** A trigger in the engine's shape; times in .NET ticks (100 ns). */
export const triggerSchema = z
  .object({
    kind: z.enum(['daily', 'weekly', 'interval', 'startup', 'systemEvent'], {
      error: (issue) =>
        `kind ${JSON.stringify(issue.input)} is not a trigger kind: use daily, weekly, interval, startup or systemEvent.`,
    }),
    timeOfDayTicks: ticks('timeOfDayTicks', 0, TRIGGER_LIMITS.timeOfDayTicksMax).optional(),
    intervalTicks: ticks('intervalTicks', TRIGGER_LIMITS.intervalTicksMin, TRIGGER_LIMITS.intervalTicksMax).optional(),
    dayOfWeek: z
      .number({ error: (issue) => `dayOfWeek ${JSON.stringify(issue.input)} is invalid: use 0 (Sunday) to 6 (Saturday).` })
      .int({ error: (issue) => `dayOfWeek ${String(issue.input)} is invalid: use 0 (Sunday) to 6 (Saturday).` })
      .min(0, { error: (issue) => `dayOfWeek ${String(issue.input)} is invalid: use 0 (Sunday) to 6 (Saturday).` })
      .max(6, { error: (issue) => `dayOfWeek ${String(issue.input)} is invalid: use 0 (Sunday) to 6 (Saturday).` })
      .transform((day) => day as DayOfWeek)
      .optional(),
    maxRuntimeTicks: ticks('maxRuntimeTicks', TRIGGER_LIMITS.maxRuntimeTicksMin, TRIGGER_LIMITS.maxRuntimeTicksMax).optional(),
    systemEvent: z
      .literal('wakeFromSleep', { error: (issue) => `systemEvent ${JSON.stringify(issue.input)} is invalid: use "wakeFromSleep".` })
      .optional(),
  })
  .superRefine((trigger, context) => {
    for (const field of REQUIRED_FIELDS[trigger.kind]) {
      if (trigger[field] === undefined) {
        context.addIssue({ code: 'custom', path: [field], message: `A ${trigger.kind} trigger needs ${field}.` });
      }
    }
  });

export const triggerListSchema = z
  .array(triggerSchema)
  .max(TRIGGER_LIMITS.maxTriggers, { error: `A task has at most ${TRIGGER_LIMITS.maxTriggers} triggers.` });

export const taskIdSchema = z.string().min(1, { error: 'Give a task id or key.' });

/** Progress updates per task sent to one subscriber: at most one per this many milliseconds. */
export const progressIntervalSchema = z.number().int().min(0).max(60_000).default(250);
