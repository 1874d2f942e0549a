import type { TaskScope } from './task-definition.ts';
import type { Trigger } from './trigger.ts';

export type TaskState = 'idle' | 'running' | 'cancelling';

export type RunStatus = 'completed' | 'failed' | 'cancelled' | 'aborted';

/** The cause of a run's start. */
export type RunOrigin = 'manual' | 'trigger' | 'startup' | 'misfire' | 'queue';

/** The reason a run was cancelled or aborted. */
export type CancelReason = 'user' | 'timeout' | 'shutdown' | 'forced' | 'crash' | 'leaseExpired';

/** The outcome of a finished run. Times are Unix epoch milliseconds. */
export interface RunResult {
  runId: string;
  taskId: string;
  taskKey: string;
  /** The task's name when the run ended. */
  taskName: string;
  startedAt: number;
  endedAt: number;
  status: RunStatus;
  cancelReason?: CancelReason;
  /** Set only for failed runs. */
  errorMessage?: string;
  /** Set only for failed runs. */
  errorStack?: string;
}

/** A task's state at one moment, read from the engine's memory. */
export interface TaskSnapshot {
  /** 32 lowercase hex characters. */
  id: string;
  key: string;
  name: string;
  description: string;
  category: string;
  isHidden: boolean;
  isEnabled: boolean;
  isLogged: boolean;
  /** `node` when every node of a cluster runs its own copy; see TaskDefinition.scope. */
  scope: TaskScope;
  state: TaskState;
  /** 0–100 while running, once the task has reported; undefined otherwise. */
  progress?: number;
  triggers: Trigger[];
  lastResult?: RunResult;
}
