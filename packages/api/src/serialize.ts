import type { ActivityEntry, Engine, RunRecord, RunResult, TaskSnapshot, Trigger } from '@tickwork/engine';

/** A task as the API returns it: camelCase, ISO-8601 times, null for absent values. */
export interface TaskDto {
  id: string;
  key: string;
  name: string;
  description: string;
  category: string;
  isHidden: boolean;
  isEnabled: boolean;
  isLogged: boolean;
  /** `node` when every node of a cluster runs its own copy of the task, `cluster` when each fire runs once. */
  scope: TaskSnapshot['scope'];
  state: TaskSnapshot['state'];
  progress: number | null;
  triggers: Trigger[];
  /** The next fire of each trigger, in the same order; null for startup and system-event triggers. */
  nextFireTimes: Array<string | null>;
  /** The earliest of nextFireTimes. */
  nextRunAt: string | null;
  lastResult: RunResultDto | null;
}

export interface RunResultDto {
  runId: string;
  status: RunResult['status'];
  cancelReason: string | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  errorMessage: string | null;
  errorStack: string | null;
}

export interface RunDto {
  id: string;
  taskId: string;
  taskKey: string;
  taskName: string;
  origin: RunRecord['origin'];
  triggerIndex: number | null;
  triggerType: string | null;
  userName: string | null;
  node: string;
  status: RunRecord['status'];
  cancelReason: string | null;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  progress: number | null;
  errorMessage: string | null;
  errorStack: string | null;
  logLineCount: number;
}

export interface ActivityEntryDto {
  id: number;
  name: string;
  type: string;
  severity: ActivityEntry['severity'];
  overview: string | null;
  shortOverview: string | null;
  userId: string | null;
  date: string;
  /** The task the entry is about, for entries of a task start, stop, trigger change or failure. */
  task: { id: string; name: string } | null;
}

const iso = (epoch: number) => new Date(epoch).toISOString();

export function toRunResultDto(result: RunResult): RunResultDto {
  return {
    runId: result.runId,
    status: result.status,
    cancelReason: result.cancelReason ?? null,
    startedAt: iso(result.startedAt),
    endedAt: iso(result.endedAt),
    durationMs: result.endedAt - result.startedAt,
    errorMessage: result.errorMessage ?? null,
    errorStack: result.errorStack ?? null,
  };
}

export function toTaskDto(task: TaskSnapshot, engine: Engine): TaskDto {
  const fires = engine.nextFireTimes(task.id) ?? [];
  const defined = fires.filter((at): at is number => at !== undefined);
  return {
    id: task.id,
    key: task.key,
    name: task.name,
    description: task.description,
    category: task.category,
    isHidden: task.isHidden,
    isEnabled: task.isEnabled,
    isLogged: task.isLogged,
    scope: task.scope,
    state: task.state,
    progress: task.progress ?? null,
    triggers: task.triggers,
    nextFireTimes: fires.map((at) => (at === undefined ? null : iso(at))),
    nextRunAt: defined.length === 0 ? null : iso(Math.min(...defined)),
    lastResult: task.lastResult === undefined ? null : toRunResultDto(task.lastResult),
  };
}

export function toRunDto(run: RunRecord): RunDto {
  return {
    id: run.id,
    taskId: run.taskId,
    taskKey: run.taskKey,
    taskName: run.taskName,
    origin: run.origin,
    triggerIndex: run.triggerIndex ?? null,
    triggerType: run.triggerType ?? null,
    userName: run.userName ?? null,
    node: run.node,
    status: run.status,
    cancelReason: run.cancelReason ?? null,
    startedAt: iso(run.startedAt),
    endedAt: run.endedAt === undefined ? null : iso(run.endedAt),
    durationMs: run.endedAt === undefined ? null : run.endedAt - run.startedAt,
    progress: run.progress ?? null,
    errorMessage: run.errorMessage ?? null,
    errorStack: run.errorStack ?? null,
    logLineCount: run.logLineCount,
  };
}

export function toActivityEntryDto(entry: ActivityEntry, task: TaskSnapshot | undefined): ActivityEntryDto {
  return {
    id: entry.id,
    name: entry.name,
    type: entry.type,
    severity: entry.severity,
    overview: entry.overview ?? null,
    shortOverview: entry.shortOverview ?? null,
    userId: entry.userId ?? null,
    date: iso(entry.date),
    task: task === undefined ? null : { id: task.id, name: task.name },
  };
}
