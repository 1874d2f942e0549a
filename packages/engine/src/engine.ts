import { hostname } from 'node:os';

import type { Database } from '@tickwork/db';

import { taskStartedEntry, taskStopRequestedEntry, triggersChangedEntry } from './activity-entries.ts';
import { SystemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { EngineEventBus } from './events.ts';
import { silentLogger } from './logger.ts';
import type { EngineLogger } from './logger.ts';
import { RunManager } from './run-manager.ts';
import { nextFireTime } from './schedule/next-fire-time.ts';
import { Scheduler } from './scheduler.ts';
import type { MisfirePolicy } from './scheduler.ts';
import { ActivityLogStore } from './store/activity-log-store.ts';
import type { ActivityEntryInput } from './store/activity-log-store.ts';
import { RunLogStore } from './store/run-log-store.ts';
import { RunQueries } from './store/run-queries.ts';
import { RunStore } from './store/run-store.ts';
import { TaskStore } from './store/task-store.ts';
import { matchAnchors, parseStoredAnchors, parseStoredTriggers } from './stored-triggers.ts';
import type { TaskDefinition, TaskPaths } from './task-definition.ts';
import { computeTaskId, defaultTypeName } from './task-id.ts';
import { snapshotOf } from './task-runtime.ts';
import type { Actor, TaskRuntime } from './task-runtime.ts';
import type { TaskSnapshot } from './task-snapshot.ts';
import { checkTrigger, normalizeTrigger } from './trigger-check.ts';
import { TRIGGER_LIMITS } from './trigger.ts';
import type { Trigger } from './trigger.ts';

export interface EngineOptions {
  database: Database;
  paths: TaskPaths;
  /** IANA zone in which daily and weekly triggers are read. */
  timeZone: string;
  clock?: Clock;
  logger?: EngineLogger;
  /** Name of this process in run records; default host name and process id. */
  node?: string;
  misfirePolicy?: MisfirePolicy;
  /** Default 30 s. */
  gracePeriodMs?: number;
  /** Default 3 s. */
  startupDelayMs?: number;
  /** Default 10 s. */
  heartbeatMs?: number;
  /** Default 60 s. */
  misfireThresholdMs?: number;
  /** Default 30 s. */
  wakeThresholdMs?: number;
  /** Default 10 s. */
  maxTimerWaitMs?: number;
  /** Default 1000. */
  maxLogLinesPerRun?: number;
  /** Default 100 runs per task. */
  historyMaxRuns?: number;
  /** Default 30 days. */
  historyMaxAgeMs?: number;
  /** Runs allowed at once in this process; default 0, no limit (as Jellyfin). */
  maxConcurrentRuns?: number;
}

export type StartResult = 'started' | 'busy' | 'not-found';
export type StopResult = 'cancelling' | 'not-running' | 'not-found';

/**
 * The scheduler engine: holds every registered task in memory, arms their
 * triggers, runs them, and records runs through Prisma. Reads (task lists,
 * single tasks) never touch the database.
 */
export class Engine {
  readonly events = new EngineEventBus();
  readonly activityLog: ActivityLogStore;
  readonly runLogs: RunLogStore;
  readonly runs: RunStore;
  readonly runQueries: RunQueries;
  readonly clock: Clock;
  readonly timeZone: string;

  readonly #options: EngineOptions;
  readonly #logger: EngineLogger;
  readonly #tasks = new Map<string, TaskRuntime>();
  readonly #idsByKey = new Map<string, string>();
  readonly #taskStore: TaskStore;
  readonly #runManager: RunManager;
  readonly #scheduler: Scheduler;
  #sorted: TaskRuntime[] | undefined;
  #started = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.clock = options.clock ?? new SystemClock();
    this.timeZone = options.timeZone;
    this.#logger = options.logger ?? silentLogger;
    const { prisma } = options.database;
    this.#taskStore = new TaskStore(prisma);
    this.runs = new RunStore(prisma);
    this.runLogs = new RunLogStore(prisma);
    this.runQueries = new RunQueries(prisma);
    this.activityLog = new ActivityLogStore(prisma, (entry) => this.events.emit('activityAdded', entry));

    this.#runManager = new RunManager(
      {
        clock: this.clock,
        events: this.events,
        logger: this.#logger,
        runStore: this.runs,
        runLogStore: this.runLogs,
        activityLog: this.activityLog,
        db: prisma,
        databaseProvider: options.database.provider,
        paths: options.paths,
        isTaskRunning: (key) => this.#taskByKey(key)?.active !== undefined,
        onRunRecorded: (task) => this.#scheduler.reschedule(task),
      },
      {
        node: options.node ?? `${hostname()}:${process.pid}`,
        gracePeriodMs: options.gracePeriodMs ?? 30_000,
        heartbeatMs: options.heartbeatMs ?? 10_000,
        maxLogLinesPerRun: options.maxLogLinesPerRun ?? 1000,
        historyMaxRuns: options.historyMaxRuns ?? 100,
        historyMaxAgeMs: options.historyMaxAgeMs ?? 30 * 24 * 3600 * 1000,
        maxConcurrentRuns: options.maxConcurrentRuns ?? 0,
      },
    );

    this.#scheduler = new Scheduler(
      {
        clock: this.clock,
        logger: this.#logger,
        tasks: () => this.#tasks.values(),
        taskById: (id) => this.#tasks.get(id),
        fire: (task, request) => {
          this.#runManager.enqueue(task, request);
        },
        saveAnchors: (task) => this.#taskStore.saveAnchors(task.id, task.anchors),
      },
      {
        timeZone: options.timeZone,
        misfirePolicy: options.misfirePolicy ?? 'runOnce',
        startupDelayMs: options.startupDelayMs ?? 3000,
        misfireThresholdMs: options.misfireThresholdMs ?? 60_000,
        wakeThresholdMs: options.wakeThresholdMs ?? 30_000,
        maxTimerWaitMs: options.maxTimerWaitMs ?? 10_000,
      },
    );
  }

  /** Adds a task. Only before start(); a second task with the same key or id is rejected. */
  register(definition: TaskDefinition): string {
    if (this.#started) throw new Error(`Cannot register task "${definition.key}": the engine has already started.`);
    const id = computeTaskId(definition.typeName ?? defaultTypeName(definition.key));
    if (this.#idsByKey.has(definition.key.toLowerCase())) {
      throw new Error(`Cannot register task "${definition.key}": a task with this key is already registered.`);
    }
    if (this.#tasks.has(id)) {
      throw new Error(`Cannot register task "${definition.key}": its id ${id} is already taken by another task.`);
    }

    this.#tasks.set(id, {
      id,
      definition,
      triggers: definition.defaultTriggers,
      anchors: [],
      isEnabled: definition.isEnabled,
      nextFires: [],
      scheduleVersion: 0,
    });
    this.#idsByKey.set(definition.key.toLowerCase(), id);
    this.#sorted = undefined;
    return id;
  }

  /**
   * Loads stored triggers, anchors and last results, closes runs a crashed
   * process left open, and arms every trigger.
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const now = this.clock.now();

    const aborted = await this.runs.abortOpenRuns();
    for (const run of aborted) {
      this.#logger.warn(
        { taskKey: run.taskKey, runId: run.id, lastAliveAt: new Date(run.endedAt).toISOString() },
        'Closed a run left open by a stopped process as Aborted',
      );
    }

    const rows = await this.#taskStore.loadAll();
    const created: Array<{ id: string; key: string; anchors: TaskRuntime['anchors'] }> = [];
    const anchorUpdates: TaskRuntime[] = [];
    for (const task of this.#tasks.values()) {
      const row = rows.get(task.id);
      if (row?.triggers != null) {
        const parsed = parseStoredTriggers(row.triggers);
        if (parsed.ok) {
          task.triggers = parsed.triggers;
        } else {
          this.#logger.error(
            { taskKey: task.definition.key, problem: parsed.problem },
            'Stored triggers are unreadable; using the default triggers and keeping the stored value for inspection',
          );
        }
      }
      if (row?.isEnabled != null) task.isEnabled = row.isEnabled;

      const matched = matchAnchors(task.triggers, parseStoredAnchors(row?.anchors ?? null), now);
      task.anchors = matched.anchors;
      if (row === undefined) created.push({ id: task.id, key: task.definition.key, anchors: task.anchors });
      else if (matched.changed) anchorUpdates.push(task);
    }
    await this.#taskStore.createTasks(created);
    for (const task of anchorUpdates) await this.#taskStore.saveAnchors(task.id, task.anchors);

    const results = await this.runs.latestResults();
    for (const [taskId, result] of results) {
      const task = this.#tasks.get(taskId);
      if (task !== undefined) task.lastResult = result;
    }

    this.#scheduler.start();
    this.#logger.info(
      { tasks: this.#tasks.size, timeZone: this.timeZone, abortedRuns: aborted.length },
      'Scheduler started',
    );
  }

  /** Stops arming triggers, cancels running tasks and records them as aborted. */
  async stop(): Promise<void> {
    this.#scheduler.stop();
    await this.#runManager.shutdown();
    this.#logger.info({}, 'Scheduler stopped');
  }

  /** Every task, sorted by name, from memory. */
  listTasks(): TaskSnapshot[] {
    this.#sorted ??= [...this.#tasks.values()].sort((a, b) => compareNames(a.definition.name, b.definition.name));
    return this.#sorted.map(snapshotOf);
  }

  /** A task by id (case-insensitive), from memory. */
  getTask(id: string): TaskSnapshot | undefined {
    const task = this.#taskById(id);
    return task === undefined ? undefined : snapshotOf(task);
  }

  /** Resolves a task id or key to the task's id. */
  resolveTaskId(idOrKey: string): string | undefined {
    return this.#taskById(idOrKey)?.id ?? this.#taskByKey(idOrKey)?.id;
  }

  /**
   * Starts a run now. Ignores the enabled flag and applies no time limit, as
   * Jellyfin does for manual starts; a task already running is left alone.
   * A start with an actor writes an activity entry.
   */
  startTask(id: string, actor?: Actor): StartResult {
    const task = this.#taskById(id);
    if (task === undefined) return 'not-found';
    const started = this.#runManager.startIfIdle(task, { origin: 'manual', actor });
    if (started && actor !== undefined) {
      this.#recordActivity(taskStartedEntry(task.definition.name, actor, this.clock.now()));
    }
    return started ? 'started' : 'busy';
  }

  /** Asks a running task to stop; idle or already cancelling tasks are left alone. */
  stopTask(id: string, actor?: Actor): StopResult {
    const task = this.#taskById(id);
    if (task === undefined) return 'not-found';
    if (!this.#runManager.requestCancel(task, 'user')) return 'not-running';
    this.#logger.info({ taskKey: task.definition.key, userName: actor?.userName }, 'Stop requested');
    if (actor !== undefined) this.#recordActivity(taskStopRequestedEntry(task.definition.name, actor, this.clock.now()));
    return 'cancelling';
  }

  /**
   * Replaces a task's trigger list. The list is checked completely before
   * anything is stored; a run in progress is not touched. A change with an
   * actor writes an activity entry.
   */
  async setTriggers(id: string, triggers: Trigger[], actor?: Actor): Promise<boolean> {
    const task = this.#taskById(id);
    if (task === undefined) return false;
    const problems = triggers.flatMap((trigger, index) => checkTrigger(trigger).map((p) => `trigger ${index}: ${p}`));
    if (triggers.length > TRIGGER_LIMITS.maxTriggers) {
      problems.push(`${triggers.length} triggers is too many: a task has at most ${TRIGGER_LIMITS.maxTriggers}.`);
    }
    if (problems.length > 0) throw new Error(`Invalid triggers for task "${task.definition.key}": ${problems.join(' ')}`);

    const normalized = triggers.map(normalizeTrigger);
    const { anchors } = matchAnchors(normalized, task.anchors, this.clock.now());
    await this.#taskStore.saveTriggers(task.id, normalized, anchors);

    task.triggers = normalized;
    task.anchors = anchors;
    this.#scheduler.reschedule(task);
    this.#logger.info(
      { taskKey: task.definition.key, triggers: normalized.length, userName: actor?.userName },
      'Triggers replaced',
    );
    this.events.emit('triggersChanged', { taskId: task.id });
    if (actor !== undefined) {
      await this.activityLog
        .add(triggersChangedEntry(task.definition.name, normalized, actor, this.clock.now()))
        .catch((error: unknown) => this.#logActivityFailure(error));
    }
    return true;
  }

  /** Enables or disables a task's triggers; a disabled task keeps them armed. */
  async setEnabled(id: string, isEnabled: boolean, actor?: Actor): Promise<boolean> {
    const task = this.#taskById(id);
    if (task === undefined) return false;
    await this.#taskStore.saveEnabled(task.id, isEnabled);
    task.isEnabled = isEnabled;
    this.#logger.info({ taskKey: task.definition.key, isEnabled, userName: actor?.userName }, 'Task enabled flag changed');
    this.events.emit('enabledChanged', { taskId: task.id, isEnabled });
    return true;
  }

  /** The next fire instant of each trigger (undefined for event triggers). */
  nextFireTimes(id: string): Array<number | undefined> | undefined {
    const task = this.#taskById(id);
    if (task === undefined) return undefined;
    const lastRunEndAt = task.lastResult?.endedAt;
    return task.triggers.map((trigger, index) => {
      const anchor = task.anchors[index];
      return anchor === undefined ? undefined : nextFireTime(trigger, anchor, this.timeZone, lastRunEndAt);
    });
  }

  /** Number of runs in progress in this process. */
  activeRunCount(): number {
    return this.#runManager.activeCount();
  }

  /** Resolves when the task has no run in progress. */
  async whenIdle(id: string): Promise<void> {
    const task = this.#taskById(id);
    while (task?.active !== undefined) await task.active.settled;
  }

  /** Writes an activity entry in the background; a failure is logged, never thrown. */
  #recordActivity(entry: ActivityEntryInput): void {
    this.activityLog.add(entry).catch((error: unknown) => this.#logActivityFailure(error));
  }

  #logActivityFailure(error: unknown): void {
    this.#logger.error({ err: error }, 'Failed to write an activity entry');
  }

  #taskById(id: string): TaskRuntime | undefined {
    return this.#tasks.get(id) ?? this.#tasks.get(id.toLowerCase());
  }

  #taskByKey(key: string): TaskRuntime | undefined {
    const id = this.#idsByKey.get(key.toLowerCase());
    return id === undefined ? undefined : this.#tasks.get(id);
  }
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
