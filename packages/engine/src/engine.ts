import { hostname } from 'node:os';

import { GroupCommit } from '@tickwork/db';
import type { Database } from '@tickwork/db';

import { taskNamesInEntry, taskStartedEntry, taskStopRequestedEntry, triggersChangedEntry } from './activity-entries.ts';
import { SystemClock } from './clock.ts';
import type { Clock, TimerHandle } from './clock.ts';
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
import { ClusterBus } from './cluster/cluster-bus.ts';
import type { ClusterMessage } from './cluster/cluster-bus.ts';
import { DatabaseClock, measureDatabaseOffset } from './cluster/database-clock.ts';
import { AnchorWriter } from './store/anchor-writer.ts';
import { FireClaimStore } from './store/fire-claim-store.ts';
import { NodeStore } from './store/node-store.ts';
import type { NodeRecord, NodeStatus } from './store/node-store.ts';
import { RunQueries } from './store/run-queries.ts';
import { RunStore } from './store/run-store.ts';
import { TaskStore } from './store/task-store.ts';
import { matchAnchors, parseStoredAnchors, parseStoredTriggers } from './stored-triggers.ts';
import type { TaskDefinition, TaskPaths } from './task-definition.ts';
import { computeTaskId, defaultTypeName } from './task-id.ts';
import { snapshotOf } from './task-runtime.ts';
import type { Actor, TaskRuntime } from './task-runtime.ts';
import type { RunResult, TaskSnapshot } from './task-snapshot.ts';
import { checkTrigger, normalizeTrigger } from './trigger-check.ts';
import { TRIGGER_LIMITS } from './trigger.ts';
import type { Trigger } from './trigger.ts';

export interface EngineOptions {
  database: Database;
  paths: TaskPaths;
  /** IANA zone in which daily and weekly triggers are read. */
  timeZone: string;
  clock?: Clock;
  /**
   * Decide when fires are due by the database server's clock (its offset
   * from `clock` is measured at start and at every sweep). Default: on
   * PostgreSQL when no clock is given, so that the nodes of a cluster agree.
   */
  alignClockToDatabase?: boolean;
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
  /** How long a run belongs to its process without a heartbeat; default 30 s. */
  leaseMs?: number;
  /** How often expired leases are looked for and the node is marked alive; default 10 s. */
  sweepMs?: number;
  /** Version recorded in the node registry. */
  version?: string;
}

/** A node clock further than this from the database server's is reported. */
const CLOCK_SKEW_WARNING_MS = 5000;

/**
 * On PostgreSQL, the row of a node not seen for this long is deleted, at start
 * and at every sweep, so that crashed nodes do not pile up in the node list.
 */
const NODE_ROW_RETENTION_MS = 24 * 3600 * 1000;

export type StartResult = 'started' | 'busy' | 'not-found';
export type StopResult = 'cancelling' | 'not-running' | 'not-found';

/**
 * The scheduler engine: keeps every registered task in memory, arms their
 * triggers, runs them, and records runs through Prisma. Reads (task lists,
 * single tasks) never touch the database.
 */
export class Engine {
  readonly events = new EngineEventBus();
  readonly activityLog: ActivityLogStore;
  readonly runLogs: RunLogStore;
  readonly runs: RunStore;
  readonly runQueries: RunQueries;
  /** The engine's time: the database server's in a cluster, see `alignClockToDatabase`. */
  readonly clock: Clock;
  readonly timeZone: string;
  /** This process's name in run records and fire claims. */
  readonly node: string;

  readonly #options: EngineOptions;
  readonly #logger: EngineLogger;
  readonly #tasks = new Map<string, TaskRuntime>();
  readonly #idsByKey = new Map<string, string>();
  readonly #taskStore: TaskStore;
  readonly #fireClaims: FireClaimStore;
  readonly #anchorWriter: AnchorWriter;
  readonly nodes: NodeStore;
  /** This process's row in the node registry, written at start. */
  #nodeRecord: NodeRecord | undefined;
  #sweepTimer: TimerHandle | undefined;
  /** The sweep in progress, which stop() waits for before it deletes this node's row. */
  #sweepInProgress: Promise<void> | undefined;
  #cluster: ClusterBus | undefined;
  readonly #runManager: RunManager;
  readonly #scheduler: Scheduler;
  #sorted: TaskRuntime[] | undefined;
  /** Task ids by task name, built at the first lookup of an activity entry's task. */
  #idsByName: Map<string, string[]> | undefined;
  #started = false;
  #stopped = false;
  #lastSkewWarningAt: number | undefined;
  /**
   * Runs of other nodes whose end this node heard of since the last resync
   * began. A resync reads the open runs before such an end may have arrived,
   * and must not mark those runs as running again.
   */
  #endedSinceResync = new Set<string>();
  /** Runs of other nodes whose start this node heard of since the last resync began, because the read may predate them. */
  #startedSinceResync = new Set<string>();
  /** The resync whose read is in flight. Resyncs never overlap (see #resyncOpenRuns). */
  #resyncRunning: Promise<void> | undefined;
  /** The one resync that follows the running one, shared by every request made meanwhile. */
  #resyncQueued: Promise<void> | undefined;
  /** The clock given in the options, before alignment with the database. */
  readonly #localClock: Clock;
  readonly #databaseClock: DatabaseClock | undefined;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#localClock = options.clock ?? new SystemClock();
    const align = options.alignClockToDatabase ?? (options.database.provider === 'postgresql' && options.clock === undefined);
    this.#databaseClock = align ? new DatabaseClock(this.#localClock) : undefined;
    this.clock = this.#databaseClock ?? this.#localClock;
    this.timeZone = options.timeZone;
    this.#logger = options.logger ?? silentLogger;
    const { prisma } = options.database;
    // On SQLite, run starts, run ends and activity entries that come together share commits. On
    // PostgreSQL, writes on the connection pool were faster on their own: 397–555 runs/s against
    // 317–424 with the group commit, in one two-core measurement.
    const writes = new GroupCommit(prisma, options.database.provider === 'sqlite');
    this.#taskStore = new TaskStore(prisma);
    this.node = options.node ?? `${hostname()}:${process.pid}`;
    this.#fireClaims = new FireClaimStore(prisma, this.node);
    // On SQLite the anchors of a fire share the commit of its run's start.
    const anchorWrites = options.database.provider === 'sqlite' ? writes : undefined;
    this.#anchorWriter = new AnchorWriter((batch) => this.#taskStore.saveManyAnchors(batch, anchorWrites));
    this.nodes = new NodeStore(prisma);
    this.runs = new RunStore(prisma, writes);
    this.runLogs = new RunLogStore(prisma);
    this.runQueries = new RunQueries(prisma);
    this.activityLog = new ActivityLogStore(prisma, (entry) => this.events.emit('activityAdded', entry), writes);

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
        onRemoteBusy: () => void this.#resyncOpenRuns().catch((error: unknown) => {
          this.#logger.error({ err: error }, 'Failed to re-read open runs');
        }),
      },
      {
        node: this.node,
        gracePeriodMs: options.gracePeriodMs ?? 30_000,
        heartbeatMs: options.heartbeatMs ?? 10_000,
        maxLogLinesPerRun: options.maxLogLinesPerRun ?? 1000,
        historyMaxRuns: options.historyMaxRuns ?? 100,
        historyMaxAgeMs: options.historyMaxAgeMs ?? 30 * 24 * 3600 * 1000,
        maxConcurrentRuns: options.maxConcurrentRuns ?? 0,
        leaseMs: options.leaseMs ?? 30_000,
      },
    );

    this.#scheduler = new Scheduler(
      {
        clock: this.clock,
        logger: this.#logger,
        tasks: () => this.#tasks.values(),
        taskById: (id) => this.#tasks.get(id),
        fire: (task, request) => {
          if (task.remoteRun !== undefined && task.active === undefined) {
            // Another node runs the task: keep one follow-up, started when that run ends.
            task.pending ??= request;
            return;
          }
          this.#runManager.enqueue(task, request);
        },
        saveAnchors: (task) => this.#anchorWriter.save(task),
        claimFire: (task, triggerIndex, scheduledAt) =>
          this.#fireClaims.claim(task.id, task.triggers[triggerIndex] as Trigger, scheduledAt),
      },
      {
        timeZone: options.timeZone,
        misfirePolicy: options.misfirePolicy ?? 'runOnce',
        startupDelayMs: options.startupDelayMs ?? 3000,
        misfireThresholdMs: options.misfireThresholdMs ?? 60_000,
        wakeThresholdMs: options.wakeThresholdMs ?? 30_000,
        maxTimerWaitMs: options.maxTimerWaitMs ?? 10_000,
        intervalFromRunEnd: this.#intervalFromRunEnd,
        claimWithRunStart: options.database.provider === 'sqlite',
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
    this.#idsByName = undefined;
    return id;
  }

  /**
   * Loads stored triggers, anchors and last results, closes runs a crashed
   * process left open, and arms every trigger.
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (this.#databaseClock !== undefined) await this.#checkClockSkew();
    const now = this.clock.now();

    this.#nodeRecord = {
      id: this.node,
      hostname: hostname(),
      pid: process.pid,
      version: this.#options.version ?? 'unknown',
      startedAt: now,
      lastSeenAt: now,
    };
    await this.nodes.register(this.#nodeRecord);
    await this.#removeStaleNodes(now);
    // One process owns a SQLite file, so every run left open there is dead. On
    // PostgreSQL other nodes may be running theirs: only expired leases count.
    const aborted =
      this.#options.database.provider === 'sqlite' ? await this.runs.abortOpenRuns() : await this.runs.abortExpiredRuns(now);
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
    await this.#taskStore.saveManyAnchors(anchorUpdates.map((task) => ({ taskId: task.id, anchors: task.anchors })));

    const results = await this.runs.latestResults();
    for (const [taskId, result] of results) {
      const task = this.#tasks.get(taskId);
      if (task !== undefined) task.lastResult = result;
    }

    if (this.#options.database.provider === 'postgresql') {
      this.#cluster = new ClusterBus({
        url: this.#options.database.target.url,
        node: this.node,
        events: this.events,
        logger: this.#logger,
        apply: (message) => this.#applyClusterMessage(message),
        resync: () => this.#resyncOpenRuns(),
      });
      this.#cluster.setLocalRunLookup((taskId) => this.#tasks.get(taskId)?.active?.id);
      await this.#cluster.start();
      await this.#resyncOpenRuns();
    }
    this.#scheduler.start();
    this.#armSweep();
    this.#logger.info(
      { tasks: this.#tasks.size, timeZone: this.timeZone, abortedRuns: aborted.length },
      'Scheduler started',
    );
  }

  /**
   * Stops arming triggers, cancels running tasks, records them as aborted and
   * deletes this node's row from the node registry.
   */
  async stop(): Promise<void> {
    this.#scheduler.stop();
    if (this.#sweepTimer !== undefined) this.clock.clearTimeout(this.#sweepTimer);
    this.#sweepTimer = undefined;
    this.#stopped = true;
    await this.#cluster?.stop();
    await this.#runManager.shutdown();
    await this.#anchorWriter.flush();
    await this.#sweepInProgress;
    if (this.#started) await this.#unregisterNode();
    this.#logger.info({}, 'Scheduler stopped');
  }

  /** Lists every task, sorted by name, from memory. */
  listTasks(): TaskSnapshot[] {
    this.#sorted ??= [...this.#tasks.values()].sort((a, b) => compareNames(a.definition.name, b.definition.name));
    return this.#sorted.map(snapshotOf);
  }

  /** Returns a task by id (case-insensitive), from memory. */
  getTask(id: string): TaskSnapshot | undefined {
    const task = this.#taskById(id);
    return task === undefined ? undefined : snapshotOf(task);
  }

  /** Resolves a task id or key to the task's id. */
  resolveTaskId(idOrKey: string): string | undefined {
    return this.#taskById(idOrKey)?.id ?? this.#taskByKey(idOrKey)?.id;
  }

  /**
   * Returns the id of the task an activity entry is about, found by the task
   * name in the entry's name. Returns undefined for an entry about no task,
   * about a task no longer registered, or about a name that several tasks share.
   */
  taskIdOfActivityEntry(entry: { type: string; name: string }): string | undefined {
    if (this.#idsByName === undefined) {
      this.#idsByName = new Map();
      for (const task of this.#tasks.values()) {
        const ids = this.#idsByName.get(task.definition.name) ?? [];
        ids.push(task.id);
        this.#idsByName.set(task.definition.name, ids);
      }
    }
    const ids = taskNamesInEntry(entry).flatMap((name) => this.#idsByName?.get(name) ?? []);
    return ids.length === 1 ? ids[0] : undefined;
  }

  /**
   * Starts a run now. Ignores the enabled flag and applies no time limit, as
   * Jellyfin does for manual starts; a task already running is left alone.
   * A start with an actor writes an activity entry.
   */
  startTask(id: string, actor?: Actor): StartResult {
    const task = this.#taskById(id);
    if (task === undefined) return 'not-found';
    if (task.remoteRun !== undefined) return 'busy';
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
    if (task.active === undefined && task.remoteRun !== undefined && !task.remoteRun.cancelling) {
      // The run is on another node: ask it to stop, and show Cancelling until it reports the end.
      task.remoteRun.cancelling = true;
      this.#cluster?.requestStop(task.id, actor?.userName);
      this.events.emit('stateChanged', { taskId: task.id, state: 'cancelling' });
      this.#logger.info({ taskKey: task.definition.key, node: task.remoteRun.node }, 'Asked another node to stop a run');
      return 'cancelling';
    }
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

  /** Returns the next fire instant of each trigger (undefined for event triggers). */
  nextFireTimes(id: string): Array<number | undefined> | undefined {
    const task = this.#taskById(id);
    if (task === undefined) return undefined;
    const lastRunEndAt = this.#intervalFromRunEnd ? task.lastResult?.endedAt : undefined;
    return task.triggers.map((trigger, index) => {
      const anchor = task.anchors[index];
      return anchor === undefined ? undefined : nextFireTime(trigger, anchor, this.timeZone, lastRunEndAt);
    });
  }

  /**
   * Lists the nodes that have used this database, most recently seen first.
   * Another node's lease counts as current while its last sweep is at most
   * the lease time old, measured on this node's clock.
   */
  async listNodes(): Promise<NodeStatus[]> {
    const now = this.clock.now();
    const leaseMs = this.#options.leaseMs ?? 30_000;
    const statuses = (await this.nodes.list()).map((node) => {
      const isThisNode = node.id === this.node;
      // This node is serving the request, so it counts as seen now, not at its last sweep.
      const lastSeenAt = isThisNode ? Math.max(node.lastSeenAt, now) : node.lastSeenAt;
      return { ...node, lastSeenAt, isThisNode, leaseIsCurrent: isThisNode || now - node.lastSeenAt <= leaseMs };
    });
    return statuses.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  }

  /** Number of runs in progress in this process. */
  activeRunCount(): number {
    return this.#runManager.activeCount();
  }

  /** Resolves when every fire the scheduler is claiming has been decided (for tests). */
  whenFiresClaimed(): Promise<void> {
    return this.#scheduler.whenClaimsSettled();
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

  /**
   * Runs a sweep every sweep interval. On SQLite a sweep only marks this node
   * seen, because one server process owns the file and its runs cannot outlive
   * it unnoticed. On PostgreSQL it also closes runs whose lease expired.
   */
  #armSweep(): void {
    if (this.#stopped) return;
    this.#sweepTimer = this.clock.setTimeout(() => {
      this.#armSweep();
      if (this.#sweepInProgress !== undefined) return;
      const sweep = this.#options.database.provider === 'sqlite' ? this.#markSeen() : this.#sweep();
      this.#sweepInProgress = sweep.finally(() => {
        this.#sweepInProgress = undefined;
      });
    }, this.#options.sweepMs ?? 10_000);
  }

  /**
   * Refreshes this node's last-seen time. A node whose row is gone (deleted by
   * another node after a day without a sweep, such as a paused process) writes
   * it again.
   */
  async #markSeen(): Promise<void> {
    const now = this.clock.now();
    try {
      const found = await this.nodes.markSeen(this.node, now);
      if (!found && this.#nodeRecord !== undefined) await this.nodes.register({ ...this.#nodeRecord, lastSeenAt: now });
    } catch (error) {
      this.#logger.error({ err: error, node: this.node }, 'Failed to mark this node as seen');
    }
  }

  /**
   * Deletes node rows that no longer stand for a live process. On SQLite the
   * process lock lets one server use the file, so every other row belongs to
   * an earlier process. On PostgreSQL a crashed node keeps its row, shown as
   * lease expired, until it has not been seen for a day.
   */
  async #removeStaleNodes(now: number): Promise<void> {
    const removed =
      this.#options.database.provider === 'sqlite'
        ? await this.nodes.removeAllExcept(this.node)
        : await this.nodes.removeNotSeenSince(now - NODE_ROW_RETENTION_MS);
    if (removed > 0) this.#logger.info({ removed }, 'Removed the node rows of stopped processes');
  }

  /** Deletes this node's row at shutdown. A failure is logged, and the row then shows its lease as expired. */
  async #unregisterNode(): Promise<void> {
    try {
      await this.nodes.remove(this.node);
    } catch (error) {
      this.#logger.error({ err: error, node: this.node }, 'Failed to remove this node from the node registry');
    }
  }

  async #sweep(): Promise<void> {
    await this.#markSeen();
    const now = this.clock.now();
    try {
      await this.#removeStaleNodes(now);
      await this.#checkClockSkew();
      const closed = await this.runs.abortExpiredRuns(now);
      for (const run of closed) {
        this.#logger.warn(
          { taskKey: run.taskKey, runId: run.id, lastAliveAt: new Date(run.endedAt).toISOString() },
          'Closed a run whose lease expired as Aborted',
        );
      }
      const clusterWide = closed.filter((run) => this.#tasks.get(run.taskId)?.definition.scope !== 'node');
      if (clusterWide.length > 0) {
        const results = await this.#reloadResults(clusterWide.map((run) => run.taskId));
        for (const result of results) this.events.emit('runEnded', result);
      }
      await this.#resyncOpenRuns();
    } catch (error) {
      this.#logger.error({ err: error }, 'Failed to sweep expired run leases');
    }
  }

  /** Applies what another node announced to this node's memory, and notifies local subscribers. */
  async #applyClusterMessage(message: ClusterMessage): Promise<void> {
    if (message.type === 'log') {
      this.#echo(() => this.events.emit('runLog', message.line));
      return;
    }
    const task = this.#tasks.get(message.taskId);
    if (task === undefined) return;
    // Another node's copy of a per-node task is not this node's: only its settings are shared.
    if (task.definition.scope === 'node' && message.type !== 'triggers' && message.type !== 'enabled') return;

    switch (message.type) {
      case 'runStarted':
        this.#startedSinceResync.add(message.runId);
        task.remoteRun = { runId: message.runId, node: message.node, startedAt: message.startedAt, cancelling: false };
        this.#echo(() => this.events.emit('runStarted', { taskId: task.id, runId: message.runId, origin: message.origin, startedAt: message.startedAt }));
        this.#echo(() => this.events.emit('stateChanged', { taskId: task.id, state: 'running' }));
        return;
      case 'cancelling':
        if (task.remoteRun?.runId !== message.runId) return;
        task.remoteRun.cancelling = true;
        this.#echo(() => this.events.emit('stateChanged', { taskId: task.id, state: 'cancelling' }));
        return;
      case 'progress':
        if (task.remoteRun?.runId !== message.runId) return;
        task.remoteRun.progress = message.progress;
        this.#echo(() => this.events.emit('progress', { taskId: task.id, runId: message.runId, progress: message.progress }));
        return;
      case 'runEnded': {
        this.#endedSinceResync.add(message.runId);
        if (task.remoteRun?.runId === message.runId) task.remoteRun = undefined;
        const result = task.active === undefined ? message.result : undefined;
        if (result !== undefined) task.lastResult = result;
        this.#echo(() => {
          this.events.emit('stateChanged', { taskId: task.id, state: 'idle' });
          if (result !== undefined) this.events.emit('runEnded', result);
        });
        this.#scheduler.reschedule(task);
        this.#startPendingAfterRemoteRun(task);
        return;
      }
      case 'stop':
        if (this.#runManager.requestCancel(task, 'user')) {
          this.#logger.info({ taskKey: task.definition.key, from: message.node, userName: message.userName }, 'Stopping a run at the request of another node');
        }
        return;
      case 'triggers':
        await this.#reloadTriggers(task);
        this.#echo(() => this.events.emit('triggersChanged', { taskId: task.id }));
        return;
      case 'enabled':
        task.isEnabled = message.isEnabled;
        this.#echo(() => this.events.emit('enabledChanged', { taskId: task.id, isEnabled: message.isEnabled }));
        return;
    }
  }

  /**
   * Measures this node's clock against the database server's. With an
   * aligned clock, the engine then uses the server's time, so nodes whose
   * clocks disagree still see the same instants come due. A skew over 5 s
   * is logged at most once an hour (see #lastSkewWarningAt), because logs
   * read on other machines would still disagree.
   */
  async #checkClockSkew(): Promise<void> {
    const measured = await measureDatabaseOffset(async () => {
      const [row] = await this.#options.database.prisma.$queryRawUnsafe<Array<{ now: Date | string }>>(
        this.#options.database.provider === 'postgresql' ? 'SELECT now() AS now' : "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now",
      );
      return row === undefined ? undefined : new Date(row.now);
    }, () => this.#localClock.now());
    if (measured === undefined) return;
    const { offsetMs, roundTripMs } = measured;
    const databaseClock = this.#databaseClock;
    if (databaseClock !== undefined && Math.abs(offsetMs - databaseClock.offsetMs) > Math.max(5, roundTripMs)) {
      databaseClock.setOffset(offsetMs);
    }
    if (Math.abs(offsetMs) <= CLOCK_SKEW_WARNING_MS) return;
    const at = this.#localClock.now();
    if (this.#lastSkewWarningAt !== undefined && at - this.#lastSkewWarningAt < 3600_000) return;
    this.#lastSkewWarningAt = at;
    this.#logger.warn(
      { skewMs: Math.round(-offsetMs), node: this.node, alignedToDatabase: databaseClock !== undefined },
      databaseClock !== undefined
        ? "This node's clock differs from the database server's; fires follow the database's clock, but synchronise the clocks (NTP) so that logs agree"
        : "This node's clock differs from the database server's; synchronise the clocks (NTP), or fires may run twice or late",
    );
  }

  /** Starts a follow-up that waited for another node's run of the task to end. */
  #startPendingAfterRemoteRun(task: TaskRuntime): void {
    const pending = task.pending;
    if (pending === undefined || task.active !== undefined || task.remoteRun !== undefined) return;
    task.pending = undefined;
    this.#runManager.enqueue(task, { ...pending, origin: pending.origin === 'manual' ? 'manual' : 'queue' });
  }

  /** Re-reads a task's stored triggers and anchors after another node changed them. */
  async #reloadTriggers(task: TaskRuntime): Promise<void> {
    const row = (await this.#taskStore.loadAll()).get(task.id);
    if (row?.triggers == null) return;
    const parsed = parseStoredTriggers(row.triggers);
    if (!parsed.ok) return;
    task.triggers = parsed.triggers;
    task.anchors = matchAnchors(parsed.triggers, parseStoredAnchors(row.anchors), this.clock.now()).anchors;
    this.#scheduler.reschedule(task);
  }

  /**
   * Makes the memory agree with the open runs in the database: runs of other
   * nodes that this node missed a notification about, and runs that ended.
   * Resyncs run one at a time, and requests made during one share the next.
   * Two overlapping reads could otherwise be applied out of order, so that an
   * older read marks a run as running after this node heard that it ended.
   */
  #resyncOpenRuns(): Promise<void> {
    if (this.#resyncRunning === undefined) {
      this.#resyncRunning = this.#readOpenRuns().finally(() => {
        this.#resyncRunning = undefined;
      });
      return this.#resyncRunning;
    }
    this.#resyncQueued ??= this.#resyncRunning
      .catch(() => {})
      .then(() => {
        this.#resyncQueued = undefined;
        return this.#resyncOpenRuns();
      });
    return this.#resyncQueued;
  }

  async #readOpenRuns(): Promise<void> {
    // Ends heard from now on are checked against this read; older ones are in the rows already.
    const endedDuringRead = new Set<string>();
    const previous = this.#endedSinceResync;
    this.#endedSinceResync = endedDuringRead;
    // Starts heard from now on are newer than this read, which must not undo them.
    const startedDuringRead = new Set<string>();
    this.#startedSinceResync = startedDuringRead;
    const open = (await this.runQueries.openRuns({ clusterWideOnly: true })).filter(
      (run) => !endedDuringRead.has(run.id) && !previous.has(run.id),
    );
    const openByTask = new Map(open.map((run) => [run.taskId, run]));
    const ended: string[] = [];
    for (const task of this.#tasks.values()) {
      const run = openByTask.get(task.id);
      if (task.remoteRun !== undefined && startedDuringRead.has(task.remoteRun.runId)) continue;
      if (run !== undefined && run.node !== this.node && task.active === undefined && task.remoteRun?.runId !== run.id) {
        task.remoteRun = { runId: run.id, node: run.node, startedAt: run.startedAt, progress: run.progress, cancelling: false };
        this.#echo(() => this.events.emit('stateChanged', { taskId: task.id, state: 'running' }));
      } else if (run === undefined && task.remoteRun !== undefined) {
        task.remoteRun = undefined;
        ended.push(task.id);
      }
    }
    if (ended.length > 0) {
      const results = await this.#reloadResults(ended);
      this.#echo(() => {
        for (const taskId of ended) this.events.emit('stateChanged', { taskId, state: 'idle' });
        for (const result of results) this.events.emit('runEnded', result);
      });
    }
    // A follow-up that waited for a run that is no longer open here can start now.
    for (const task of this.#tasks.values()) {
      if (task.pending !== undefined) this.#startPendingAfterRemoteRun(task);
    }
  }

  /** Reads the newest results of tasks that another process changed, for tasks idle here. */
  async #reloadResults(taskIds: string[]): Promise<RunResult[]> {
    const results = await this.runs.latestResults(taskIds);
    const updated: RunResult[] = [];
    for (const taskId of taskIds) {
      const task = this.#tasks.get(taskId);
      const result = results.get(taskId);
      if (task === undefined || result === undefined || task.active !== undefined) continue;
      task.lastResult = result;
      updated.push(result);
    }
    return updated;
  }

  /** Emits local events that repeat another node's announcement, without announcing them again. */
  #echo(emit: () => void): void {
    if (this.#cluster === undefined) emit();
    else this.#cluster.muted(emit);
  }

  /**
   * True on SQLite, where interval triggers count from the end of the last
   * run, as in Jellyfin. In a cluster (PostgreSQL) they count from the last
   * scheduled instant instead, as Quartz.NET's simple triggers do. Nodes hear
   * of another node's run end with a delay, so under load they would compute
   * different next instants and claim each of them. A fire that comes due
   * while the previous run is still going waits for it, as a follow-up.
   */
  get #intervalFromRunEnd(): boolean {
    return this.#options.database.provider === 'sqlite';
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
  const byCollation = collator.compare(a, b);
  if (byCollation !== 0) return byCollation;
  // Names equal to the collator (such as "Task" and "task") still need a fixed order.
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
