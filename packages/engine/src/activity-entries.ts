import type { ActivityEntryInput } from './store/activity-log-store.ts';
import type { Actor } from './task-runtime.ts';
import type { Trigger } from './trigger.ts';
import { describeTriggers } from './trigger-words.ts';

/** Activity entry types for what users do with tasks; `TaskFailed` is written by the run manager. */
export type TaskActivityType = 'TaskStarted' | 'TaskStopRequested' | 'TaskTriggersChanged';

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
