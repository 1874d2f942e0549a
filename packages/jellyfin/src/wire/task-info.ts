import type { RunResult, TaskSnapshot, Trigger } from '@tickwork/engine';

import { formatJellyfinDate } from './dates.ts';
import {
  TASK_COMPLETION_STATUS_NAMES,
  TASK_STATE_NAMES,
  dayOfWeekName,
  systemEventName,
  triggerTypeName,
} from './enums.ts';
import type {
  JellyfinDayOfWeek,
  JellyfinSystemEvent,
  JellyfinTaskCompletionStatus,
  JellyfinTaskState,
  JellyfinTriggerType,
} from './enums.ts';

// Re-exported so that every output converter can be imported from this module.
export { toCamelCaseKeys, wantsCamelCase } from './json-casing.ts';

/**
 * Jellyfin's TaskTriggerInfo as written on the wire. Key order is the schema's
 * declaration order. `SystemEvent` appears only on a `SystemEventTrigger`, a type
 * that the 10.11 schema no longer lists.
 */
export interface TaskTriggerInfoJson {
  Type: JellyfinTriggerType;
  TimeOfDayTicks?: number;
  IntervalTicks?: number;
  DayOfWeek?: JellyfinDayOfWeek;
  MaxRuntimeTicks?: number;
  SystemEvent?: JellyfinSystemEvent;
}

/** Jellyfin's TaskResult as written on the wire, times in the 7-digit UTC form. */
export interface TaskResultJson {
  StartTimeUtc: string;
  EndTimeUtc: string;
  Status: JellyfinTaskCompletionStatus;
  Name: string;
  Key: string;
  Id: string;
  /** Present only when `Status` is `Failed`. */
  ErrorMessage?: string;
  /** Stack trace, present only when `Status` is `Failed`. */
  LongErrorMessage?: string;
}

/** Jellyfin's TaskInfo as written on the wire. */
export interface TaskInfoJson {
  Name: string;
  State: JellyfinTaskState;
  /** Present only while a run is active and has reported progress. */
  CurrentProgressPercentage?: number;
  Id: string;
  /** Absent for a task that never ran. */
  LastExecutionResult?: TaskResultJson;
  Triggers: TaskTriggerInfoJson[];
  Description: string;
  Category: string;
  IsHidden: boolean;
  Key: string;
}

/**
 * Converts an engine trigger to a TaskTriggerInfo. Fields the trigger's kind does
 * not use are written when set, so a stored list reads back exactly as it was
 * given. `SystemEvent` is written only for a system-event trigger because the
 * 10.11 schema forbids extra properties on the other types.
 */
export function toTaskTriggerInfo(trigger: Trigger): TaskTriggerInfoJson {
  const isSystemEvent = trigger.kind === 'systemEvent';

  return omitAbsent({
    Type: triggerTypeName(trigger.kind),
    TimeOfDayTicks: trigger.timeOfDayTicks,
    IntervalTicks: trigger.intervalTicks,
    DayOfWeek: isPresent(trigger.dayOfWeek) ? dayOfWeekName(trigger.dayOfWeek) : undefined,
    MaxRuntimeTicks: trigger.maxRuntimeTicks,
    SystemEvent: isSystemEvent && isPresent(trigger.systemEvent) ? systemEventName(trigger.systemEvent) : undefined,
  });
}

/**
 * Converts a finished run to a TaskResult. `ErrorMessage` and `LongErrorMessage`
 * are written only for a failed run, as Jellyfin does, even if the engine kept an
 * error for a run that ended another way.
 */
export function toTaskResult(result: RunResult): TaskResultJson {
  const isFailed = result.status === 'failed';

  return omitAbsent({
    StartTimeUtc: formatJellyfinDate(result.startedAt),
    EndTimeUtc: formatJellyfinDate(result.endedAt),
    Status: TASK_COMPLETION_STATUS_NAMES[result.status],
    Name: result.taskName,
    Key: result.taskKey,
    Id: result.taskId,
    ErrorMessage: isFailed ? result.errorMessage : undefined,
    LongErrorMessage: isFailed ? result.errorStack : undefined,
  });
}

/**
 * Converts an engine task snapshot to a TaskInfo. Absent values are omitted, not
 * written as null: a task that never ran has no `LastExecutionResult`, and an idle
 * task has no `CurrentProgressPercentage`.
 */
export function toTaskInfo(snapshot: TaskSnapshot): TaskInfoJson {
  return omitAbsent({
    Name: snapshot.name,
    State: TASK_STATE_NAMES[snapshot.state],
    CurrentProgressPercentage: progressPercentage(snapshot),
    Id: snapshot.id,
    LastExecutionResult: isPresent(snapshot.lastResult) ? toTaskResult(snapshot.lastResult) : undefined,
    Triggers: snapshot.triggers.map(toTaskTriggerInfo),
    Description: snapshot.description,
    Category: snapshot.category,
    IsHidden: snapshot.isHidden,
    Key: snapshot.key,
  });
}

/**
 * Returns the progress to publish, clamped to 0-100. Only an active run
 * (running or cancelling) has progress, and a NaN report counts as no report.
 */
function progressPercentage(snapshot: TaskSnapshot): number | undefined {
  if (snapshot.state === 'idle') {
    return undefined;
  }

  const progress = snapshot.progress;
  if (!isPresent(progress) || Number.isNaN(progress)) {
    return undefined;
  }
  return Math.min(100, Math.max(0, progress));
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/**
 * Returns a copy without the undefined and null properties, keeping the key
 * order of the object literal, which is the order Jellyfin writes.
 */
function omitAbsent<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const entries = Object.entries(value).filter(([, entryValue]) => isPresent(entryValue));
  return Object.fromEntries(entries) as T;
}
