import type { ChildProcess } from 'node:child_process';

import type { TimerHandle } from './clock.ts';
import type { RunLogLine } from './events.ts';
import type { FireKey } from './store/fire-claim-store.ts';
import type { StoredAnchor } from './store/task-store.ts';
import type { TaskDefinition } from './task-definition.ts';
import type { CancelReason, RunOrigin, RunResult, TaskSnapshot, TaskState } from './task-snapshot.ts';
import type { Trigger } from './trigger.ts';

/** The user who requested a run or a change, when a user did. */
export interface Actor {
  userId?: string;
  userName?: string;
}

/** A run waiting to start, or the options a run was started with. */
export interface RunRequest {
  origin: RunOrigin;
  triggerIndex?: number;
  trigger?: Trigger;
  /**
   * Epoch milliseconds the trigger fire was scheduled for; set for time-based
   * trigger fires and misfire catch-ups, undefined for every other origin.
   */
  scheduledAt?: number;
  actor?: Actor;
  /**
   * Scheduled fires to claim in the same commit as the run's row (on SQLite,
   * where one process owns the database). When every one of them is claimed
   * already, the fire ran before a restart and this run is dropped.
   */
  fireClaims?: FireKey[];
}

/** A run in progress, held in memory by the process that executes it. */
export interface ActiveRun {
  id: string;
  request: RunRequest;
  startedAt: number;
  progress?: number;
  controller: AbortController;
  cancelReason?: CancelReason;
  children: Set<ChildProcess>;
  /** Set once the run's result is decided; later outcomes are ignored. */
  finished: boolean;
  /** Set once the run's row is stored; heartbeats cover only stored runs. */
  recorded: boolean;
  /** The token this process holds on the run row; see RunStore. */
  fencingToken: number;
  /** Set when another process closed the run because its lease expired. */
  lost: boolean;
  timeLimitTimer?: TimerHandle;
  graceTimer?: TimerHandle;
  /** Resolves when the run has been recorded. */
  settled: Promise<void>;
  logSequence: number;
  pendingLogLines: RunLogLine[];
}

/** A run on another node, as announced in its notifications. */
export interface RemoteRun {
  runId: string;
  node: string;
  startedAt: number;
  progress?: number;
  cancelling: boolean;
}

/** The in-memory state of one registered task. */
export interface TaskRuntime {
  id: string;
  definition: TaskDefinition;
  triggers: Trigger[];
  anchors: StoredAnchor[];
  isEnabled: boolean;
  active?: ActiveRun;
  /** One coalesced follow-up run, started when the active run ends. */
  pending?: RunRequest;
  lastResult?: RunResult;
  /** A run of this task that another node of the cluster executes, as announced by it. */
  remoteRun?: RemoteRun;
  /** Next scheduled instant per trigger index (undefined for event triggers). */
  nextFires: Array<number | undefined>;
  /** Bumped on every reschedule so that stale timer-heap entries are skipped. */
  scheduleVersion: number;
}

export function stateOf(task: TaskRuntime): TaskState {
  if (task.active !== undefined) return task.active.controller.signal.aborted ? 'cancelling' : 'running';
  if (task.remoteRun !== undefined) return task.remoteRun.cancelling ? 'cancelling' : 'running';
  return 'idle';
}

export function snapshotOf(task: TaskRuntime): TaskSnapshot {
  const state = stateOf(task);
  const { definition } = task;
  return {
    id: task.id,
    key: definition.key,
    name: definition.name,
    description: definition.description,
    category: definition.category,
    isHidden: definition.isHidden,
    isEnabled: task.isEnabled,
    isLogged: definition.isLogged,
    scope: definition.scope,
    state,
    progress: state === 'idle' ? undefined : (task.active?.progress ?? task.remoteRun?.progress),
    triggers: task.triggers,
    lastResult: task.lastResult,
  };
}
