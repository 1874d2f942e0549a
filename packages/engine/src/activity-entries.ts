import type { ActivityEntryInput } from './store/activity-log-store.ts';
import type { Actor } from './task-runtime.ts';
import type { Trigger } from './trigger.ts';

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

export function triggersChangedEntry(taskName: string, triggers: Trigger[], actor: Actor, date: number): ActivityEntryInput {
  return {
    name: `${actorName(actor)} changed the triggers of ${taskName}`,
    type: 'TaskTriggersChanged',
    severity: 'Information',
    overview: JSON.stringify(triggers),
    shortOverview: `${triggers.length} ${triggers.length === 1 ? 'trigger' : 'triggers'}`,
    userId: actor.userId,
    date,
  };
}
