import type { ActivityEntryInput } from './store/activity-log-store.ts';
import type { Actor } from './task-runtime.ts';
import type { Trigger } from './trigger.ts';
import { describeTriggers } from './trigger-words.ts';

/** Activity entry types for what users do with tasks; `TaskFailed` is written by the run manager. */
export type TaskActivityType = 'TaskStarted' | 'TaskStopRequested' | 'TaskTriggersChanged';

/**
 * Marker words in the name of each task entry type, which come before the
 * task name (after the actor's name) or after it. The run manager names a
 * failed run's entry "<task name> failed".
 */
const TASK_NAME_MARKERS: Record<string, { before: string } | { after: string }> = {
  TaskStarted: { before: ' started ' },
  TaskStopRequested: { before: ' stopped ' },
  TaskTriggersChanged: { before: ' changed the triggers of ' },
  TaskFailed: { after: ' failed' },
};

/**
 * Lists the task names an activity entry's name may contain, from its type.
 * There can be several because an actor's name may contain the marker words
 * too. Returns none for entries that are not about a task.
 */
export function taskNamesInEntry(entry: { type: string; name: string }): string[] {
  const marker = TASK_NAME_MARKERS[entry.type];
  if (marker === undefined) return [];
  if ('after' in marker) return entry.name.endsWith(marker.after) ? [entry.name.slice(0, -marker.after.length)] : [];

  const names: string[] = [];
  for (let at = entry.name.indexOf(marker.before); at !== -1; at = entry.name.indexOf(marker.before, at + 1)) {
    names.push(entry.name.slice(at + marker.before.length));
  }
  return names;
}

function actorName(actor: Actor): string {
  return actor.userName ?? 'An unknown user';
}

export function taskStartedEntry(taskName: string, actor: Actor, date: number): ActivityEntryInput {
  return {
    name: `${actorName(actor)} started ${taskName}`,
    type: 'TaskStarted',
    severity: 'Information',
    userId: actor.userId,
    date,
  };
}

export function taskStopRequestedEntry(taskName: string, actor: Actor, date: number): ActivityEntryInput {
  return {
    name: `${actorName(actor)} stopped ${taskName}`,
    type: 'TaskStopRequested',
    severity: 'Information',
    userId: actor.userId,
    date,
  };
}

/**
 * Builds the entry for a replaced trigger list. The overview names the new
 * list in words, and the short overview is the list alone, so it fits one line.
 */
export function triggersChangedEntry(taskName: string, triggers: Trigger[], actor: Actor, date: number): ActivityEntryInput {
  return {
    name: `${actorName(actor)} changed the triggers of ${taskName}`,
    type: 'TaskTriggersChanged',
    severity: 'Information',
    overview: `Triggers of ${taskName} changed to: ${describeTriggers(triggers)}`,
    shortOverview: describeTriggers(triggers),
    userId: actor.userId,
    date,
  };
}
