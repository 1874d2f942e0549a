import type { ChildProcess, SpawnOptions } from 'node:child_process';

import type { Db } from '@tickwork/db';

import { checkTrigger, normalizeTrigger } from './trigger-check.ts';
import type { Trigger } from './trigger.ts';

/** Lines a task writes; they go to the server log and are stored with the run. */
export interface TaskLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Folders the built-in tasks work in, all absolute. */
export interface TaskPaths {
  data: string;
  cache: string;
  transcode: string;
  logs: string;
}

export interface ProcessResult {
  stdout: string;
  stderr: string;
}

/** The context passed to a running task. */
export interface TaskContext {
  runId: string;
  taskKey: string;
  /**
   * The instant the trigger fire that started this run was scheduled for, like
   * Quartz.NET's ScheduledFireTimeUtc. A catch-up run of a missed fire gets
   * the missed instant, and a queued follow-up keeps its fire's instant.
   * Undefined for manual and API starts and for startup and wake triggers.
   */
  scheduledFor?: Date;
  /** Aborted when the run is stopped, times out or the server shuts down. */
  signal: AbortSignal;
  /** Reports progress in percent; values are clamped to 0–100 and NaN is ignored. */
  reportProgress(percent: number): void;
  logger: TaskLogger;
  db: Db;
  databaseProvider: 'sqlite' | 'postgresql';
  paths: TaskPaths;
  /**
   * Spawns a child process that is killed when the run ends or is stopped by
   * force, and returns Node's ChildProcess at once; see runProcess to wait.
   */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /**
   * Runs a child process to its end and resolves with its output. Rejects
   * when it cannot start or exits with a non-zero code (the error names the
   * command and the code), and with an AbortError when the run is stopped.
   */
  runProcess(command: string, args: readonly string[], options?: SpawnOptions): Promise<ProcessResult>;
  /** True while a run of the task with this key is in progress. */
  isTaskRunning(key: string): boolean;
}

export interface TaskDefinition {
  /** Stable identifier, also used by Jellyfin clients (for example `RefreshLibrary`). */
  key: string;
  name: string;
  description: string;
  category: string;
  isHidden: boolean;
  isEnabled: boolean;
  /** When true, failed runs write an activity log entry. */
  isLogged: boolean;
  defaultTriggers: Trigger[];
  /**
   * The name the task id is derived from. Tasks that mirror a Jellyfin task
   * use Jellyfin's .NET type name so that their ids match Jellyfin's.
   */
  typeName?: string;
  /**
   * Where the task runs in a cluster: `cluster` (the default) runs each fire
   * once, on whichever node claims it; `node` makes every node run its own
   * copy on its own schedule, for tasks that work on node-local folders such
   * as the cache, transcodes and logs. A single server runs both kinds alike.
   */
  scope: TaskScope;
  execute(context: TaskContext): Promise<void> | void;
}

export type TaskScope = 'cluster' | 'node';

export type TaskDefinitionInput = Omit<TaskDefinition, 'isHidden' | 'isEnabled' | 'isLogged' | 'defaultTriggers' | 'scope'> & {
  isHidden?: boolean;
  isEnabled?: boolean;
  isLogged?: boolean;
  defaultTriggers?: Trigger[];
  scope?: TaskScope;
};

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/**
 * Validates a task definition and fills in defaults (visible, enabled,
 * logged, no triggers). Throws an Error that names the bad field.
 */
export function defineTask(input: TaskDefinitionInput): TaskDefinition {
  const problems = checkTaskDefinition(input);
  if (problems.length > 0) {
    const key = typeof input?.key === 'string' ? `"${input.key}"` : '(without a key)';
    throw new Error(`Invalid task definition ${key}: ${problems.join(' ')}`);
  }

  return {
    key: input.key,
    name: input.name,
    description: input.description,
    category: input.category,
    isHidden: input.isHidden ?? false,
    isEnabled: input.isEnabled ?? true,
    isLogged: input.isLogged ?? true,
    defaultTriggers: (input.defaultTriggers ?? []).map(normalizeTrigger),
    typeName: input.typeName,
    scope: input.scope ?? 'cluster',
    execute: input.execute,
  };
}

function checkTaskDefinition(input: TaskDefinitionInput): string[] {
  if (typeof input !== 'object' || input === null) return ['a task definition must be an object.'];

  const problems: string[] = [];
  if (typeof input.key !== 'string' || !KEY_PATTERN.test(input.key)) {
    problems.push(
      `key ${JSON.stringify(input.key)} is invalid: use 1 to 128 letters, digits, ".", "_" or "-", starting with a letter.`,
    );
  }
  for (const field of ['name', 'description', 'category'] as const) {
    if (typeof input[field] !== 'string' || (field !== 'description' && input[field].trim() === '')) {
      problems.push(`${field} must be a non-empty string, not ${JSON.stringify(input[field])}.`);
    }
  }
  for (const field of ['isHidden', 'isEnabled', 'isLogged'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'boolean') {
      problems.push(`${field} must be true or false, not ${JSON.stringify(input[field])}.`);
    }
  }
  if (typeof input.execute !== 'function') problems.push('execute must be a function.');
  if (input.scope !== undefined && input.scope !== 'cluster' && input.scope !== 'node') {
    problems.push(`scope must be "cluster" or "node", not ${JSON.stringify(input.scope)}.`);
  }
  if (input.typeName !== undefined && (typeof input.typeName !== 'string' || input.typeName === '')) {
    problems.push(`typeName must be a non-empty string, not ${JSON.stringify(input.typeName)}.`);
  }

  if (input.defaultTriggers !== undefined) {
    if (!Array.isArray(input.defaultTriggers)) {
      problems.push('defaultTriggers must be an array.');
    } else {
      input.defaultTriggers.forEach((trigger, index) => {
        for (const problem of checkTrigger(trigger)) problems.push(`defaultTriggers[${index}]: ${problem}`);
      });
    }
  }
  return problems;
}
