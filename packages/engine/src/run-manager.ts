import { spawn as spawnChild } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { isUniqueViolation } from '@tickwork/db';
import type { Db } from '@tickwork/db';

import { isCancellationError, RunCancelledError } from './cancellation.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { formatRunningTime } from './duration-text.ts';
import { waitForProcess } from './run-process.ts';
import type { EngineEventBus, RunLogLine } from './events.ts';
import type { EngineLogger } from './logger.ts';
import type { ActivityLogStore } from './store/activity-log-store.ts';
import type { RunLogStore } from './store/run-log-store.ts';
import type { RunStore } from './store/run-store.ts';
import type { TaskContext, TaskLogger, TaskPaths } from './task-definition.ts';
import { stateOf } from './task-runtime.ts';
import type { ActiveRun, RunRequest, TaskRuntime } from './task-runtime.ts';
import type { CancelReason, RunResult, RunStatus } from './task-snapshot.ts';
import { ticksToMilliseconds } from './trigger.ts';

export interface RunManagerOptions {
  /** Name of this process in run records. */
  node: string;
  /** How long a cancelled task may take to stop before it is stopped by force. */
  gracePeriodMs: number;
  /** How often open runs record that their process is alive, with their progress. */
  heartbeatMs: number;
  /** Log lines kept per run; older lines are dropped first. */
  maxLogLinesPerRun: number;
  /** Finished runs kept per task. */
  historyMaxRuns: number;
  /** Finished runs older than this are pruned. */
  historyMaxAgeMs: number;
  /** Runs allowed at once in this process; 0 means no limit. */
  maxConcurrentRuns: number;
  /** How long a run belongs to this process without a heartbeat. */
  leaseMs: number;
}

export interface RunManagerDependencies {
  clock: Clock;
  events: EngineEventBus;
  logger: EngineLogger;
  runStore: RunStore;
  runLogStore: RunLogStore;
  activityLog: ActivityLogStore;
  db: Db;
  databaseProvider: 'sqlite' | 'postgresql';
  paths: TaskPaths;
  isTaskRunning(key: string): boolean;
  /** Called after a run has been recorded and the task is idle again. */
  onRunRecorded(task: TaskRuntime, result: RunResult): void;
  /** Called when the database showed another process's open run of the task. */
  onRemoteBusy(task: TaskRuntime): void;
}

interface Outcome {
  status: RunStatus;
  cancelReason?: CancelReason;
  errorMessage?: string;
  errorStack?: string;
}

const PRUNE_BATCH_SIZE = 100;

/**
 * Owns the life of every run in this process: start, time limit, cancel,
 * forced stop, finish and record. Each transition is one method named for it.
 */
export class RunManager {
  readonly #deps: RunManagerDependencies;
  readonly #options: RunManagerOptions;
  readonly #active = new Map<string, { task: TaskRuntime; run: ActiveRun }>();
  /** Idle tasks waiting for a free slot under maxConcurrentRuns, oldest first. */
  readonly #waiting: Array<{ task: TaskRuntime; request: RunRequest }> = [];
  #heartbeatTimer: TimerHandle | undefined;
  #shuttingDown = false;

  constructor(deps: RunManagerDependencies, options: RunManagerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /**
   * Handles a trigger fire: starts a run if the task is idle, or else keeps
   * one follow-up run, into which further fires coalesce.
   */
  enqueue(task: TaskRuntime, request: RunRequest): 'started' | 'queued' | 'coalesced' {
    if (task.active === undefined) {
      return this.#startOrWait(task, request);
    }
    if (task.pending !== undefined) return 'coalesced';

    task.pending = request;
    this.#deps.logger.debug({ taskKey: task.definition.key, origin: request.origin }, 'Queued a follow-up run');
    return 'queued';
  }

  /** Starts a run unless one is in progress. Returns false when the task was busy. */
  startIfIdle(task: TaskRuntime, request: RunRequest): boolean {
    if (task.active !== undefined || this.#shuttingDown) return false;
    this.#startOrWait(task, request);
    return true;
  }

  /**
   * Starts a run of an idle task, or, when maxConcurrentRuns runs are in
   * progress, puts it in line for the next free slot (once per task).
   */
  #startOrWait(task: TaskRuntime, request: RunRequest): 'started' | 'queued' | 'coalesced' {
    const limit = this.#options.maxConcurrentRuns;
    if (limit === 0 || this.#active.size < limit) {
      this.moveToRunning(task, request);
      return 'started';
    }
    if (this.#waiting.some((entry) => entry.task === task)) return 'coalesced';

    this.#waiting.push({ task, request });
    this.#deps.logger.info({ taskKey: task.definition.key, limit }, 'Run waits for a free slot');
    return 'queued';
  }

  /** Starts waiting runs while slots are free. */
  #startWaiting(): void {
    const limit = this.#options.maxConcurrentRuns;
    while (this.#waiting.length > 0 && (limit === 0 || this.#active.size < limit)) {
      const next = this.#waiting.shift() as { task: TaskRuntime; request: RunRequest };
      if (next.task.active === undefined) this.moveToRunning(next.task, next.request);
    }
  }

  /**
   * Claims the task for a new run and executes it in the background. The
   * claim is synchronous, so two starts in the same tick produce one run.
   */
  moveToRunning(task: TaskRuntime, request: RunRequest): ActiveRun {
    const { clock, events, logger } = this.#deps;
    const run: ActiveRun = {
      id: randomUUID(),
      request,
      startedAt: clock.now(),
      controller: new AbortController(),
      children: new Set(),
      finished: false,
      recorded: false,
      settled: Promise.resolve(),
      fencingToken: 1,
      lost: false,
      logSequence: 0,
      pendingLogLines: [],
    };
    task.active = run;
    this.#active.set(run.id, { task, run });

    logger.info(
      { taskKey: task.definition.key, runId: run.id, origin: request.origin, triggerIndex: request.triggerIndex },
      'Run started',
    );
    events.emit('runStarted', { taskId: task.id, runId: run.id, origin: request.origin, startedAt: run.startedAt });
    events.emit('stateChanged', { taskId: task.id, state: 'running' });
    this.#armHeartbeat();

    run.settled = this.#execute(task, run);
    return run;
  }

  /**
   * Asks a running task to stop. Returns false, changing nothing, when the
   * task is idle or already cancelling.
   */
  requestCancel(task: TaskRuntime, reason: CancelReason): boolean {
    const run = task.active;
    if (run === undefined || run.controller.signal.aborted) return false;

    run.cancelReason = reason;
    run.controller.abort(new RunCancelledError(reason));
    this.#deps.logger.info({ taskKey: task.definition.key, runId: run.id, reason }, 'Cancelling run');
    this.#deps.events.emit('stateChanged', { taskId: task.id, state: 'cancelling' });

    run.graceTimer = this.#deps.clock.setTimeout(() => this.forceStop(task, run), this.#options.gracePeriodMs);
    return true;
  }

  /**
   * Stops a task that ignored cancellation for the whole grace period: kills its
   * child processes and records the run as cancelled (aborted during shutdown). The
   * task body may still be running, but it can no longer change the task's
   * state, progress or log.
   */
  forceStop(task: TaskRuntime, run: ActiveRun): void {
    // NOTE: tasks run in the server's own thread, so a body that ignores its
    // signal keeps running until it returns. Only its child processes die here.
    if (run.finished) return;
    this.#deps.logger.warn(
      { taskKey: task.definition.key, runId: run.id, gracePeriodMs: this.#options.gracePeriodMs },
      'Task ignored cancellation for the grace period; stopping it by force',
    );
    this.#killChildren(run, 'SIGKILL');
    run.settled = this.moveToFinished(task, run, { status: 'cancelled', cancelReason: 'forced' });
  }

  /** Sets the run's progress, clamped to 0–100; NaN and reports after the end are ignored. */
  reportProgress(task: TaskRuntime, run: ActiveRun, percent: number): void {
    if (run.finished || typeof percent !== 'number' || Number.isNaN(percent)) return;
    const clamped = Math.min(100, Math.max(0, percent));
    if (clamped === run.progress) return;
    run.progress = clamped;
    this.#deps.events.emit('progress', { taskId: task.id, runId: run.id, progress: clamped });
  }

  /**
   * Records the run's outcome, makes the task idle and starts its queued
   * follow-up. Called once per run; later calls do nothing.
   */
  async moveToFinished(task: TaskRuntime, run: ActiveRun, outcome: Outcome): Promise<void> {
    if (run.finished) return;
    run.finished = true;
    const { clock, logger, events } = this.#deps;

    this.#clearTimers(run);
    this.#killChildren(run, 'SIGKILL');
    const final: Outcome = this.#shuttingDown
      ? { status: 'aborted', cancelReason: 'shutdown' }
      : outcome;
    const result: RunResult = {
      runId: run.id,
      taskId: task.id,
      taskKey: task.definition.key,
      taskName: task.definition.name,
      startedAt: run.startedAt,
      endedAt: clock.now(),
      status: final.status,
      cancelReason: final.cancelReason,
      errorMessage: final.status === 'failed' ? final.errorMessage : undefined,
      errorStack: final.status === 'failed' ? final.errorStack : undefined,
    };

    await this.#flushLog(run, true);
    try {
      const recorded = await this.#deps.runStore.finishRun({
        id: run.id,
        fencingToken: run.fencingToken,
        status: result.status,
        endedAt: result.endedAt,
        cancelReason: result.cancelReason,
        progress: run.progress,
        errorMessage: result.errorMessage,
        errorStack: result.errorStack,
        logLineCount: run.logSequence,
      });
      if (!recorded) {
        // The run was closed by another process, but the log lines stored above are this run's.
        await this.#deps.runLogStore.setLineCount(run.id, run.logSequence);
        logger.warn(
          { taskKey: task.definition.key, runId: run.id, status: result.status },
          'Another process closed this run after its lease expired; its result here is discarded',
        );
        Object.assign(result, { status: 'aborted', cancelReason: 'leaseExpired', errorMessage: undefined, errorStack: undefined });
      }
    } catch (error) {
      logger.error({ err: error, taskKey: task.definition.key, runId: run.id }, 'Failed to record the end of a run');
    }

    task.active = undefined;
    task.lastResult = result;
    this.#active.delete(run.id);

    const level = result.status === 'failed' ? 'warn' : 'info';
    logger[level](
      {
        taskKey: task.definition.key,
        runId: run.id,
        status: result.status,
        cancelReason: result.cancelReason,
        durationMs: result.endedAt - result.startedAt,
        ...(result.status === 'failed' ? { error: result.errorMessage } : {}),
      },
      `Run ${result.status}`,
    );
    events.emit('stateChanged', { taskId: task.id, state: 'idle' });
    events.emit('runEnded', result);

    if (result.status === 'failed' && task.definition.isLogged) void this.#logFailure(result);
    void this.#pruneHistory(task);
    this.#deps.onRunRecorded(task, result);

    const next = task.pending;
    task.pending = undefined;
    if (this.#shuttingDown) return;
    if (next !== undefined) this.#startOrWait(task, { ...next, origin: next.origin === 'manual' ? 'manual' : 'queue' });
    this.#startWaiting();
  }

  /** Number of runs in progress in this process. */
  activeCount(): number {
    return this.#active.size;
  }

  /**
   * Graceful shutdown: cancel every run, wait up to the grace period for the
   * tasks to stop, and record every run as aborted.
   */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    this.#waiting.length = 0;
    const runs = [...this.#active.values()];
    for (const { task } of runs) {
      task.pending = undefined;
      this.requestCancel(task, 'shutdown');
    }

    const allSettled = Promise.allSettled(runs.map(({ run }) => run.settled));
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      graceTimer = setTimeout(resolve, this.#options.gracePeriodMs);
    });
    await Promise.race([allSettled, graceOver]);
    clearTimeout(graceTimer);

    await Promise.all(
      runs
        .filter(({ run }) => !run.finished)
        .map(({ task, run }) => this.moveToFinished(task, run, { status: 'aborted', cancelReason: 'shutdown' })),
    );
    if (this.#heartbeatTimer !== undefined) this.#deps.clock.clearTimeout(this.#heartbeatTimer);
  }

  /** Releases the task after a run whose row was not stored; the run never started. */
  #dropUnstored(task: TaskRuntime, run: ActiveRun): void {
    task.active = undefined;
    this.#active.delete(run.id);
    run.finished = true;
    this.#deps.events.emit('stateChanged', { taskId: task.id, state: 'idle' });
    this.#startWaiting();
  }

  async #execute(task: TaskRuntime, run: ActiveRun): Promise<void> {
    const { request } = run;
    let stored: boolean;
    try {
      stored = await this.#deps.runStore.insertRun({
        id: run.id,
        taskId: task.id,
        taskKey: task.definition.key,
        taskName: task.definition.name,
        origin: request.origin,
        triggerIndex: request.triggerIndex,
        triggerType: request.trigger?.kind,
        userId: request.actor?.userId,
        userName: request.actor?.userName,
        node: this.#options.node,
        nodeScope: task.definition.scope === 'node' ? this.#options.node : '',
        startedAt: run.startedAt,
        leaseExpiresAt: run.startedAt + this.#options.leaseMs,
        fireClaims: request.fireClaims,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        // Another node's run of the task is still open. A scheduled run waits for it as the
        // follow-up; the engine starts it when that run ends. A manual start is dropped.
        if (run.request.origin !== 'manual') task.pending ??= run.request;
        this.#deps.onRemoteBusy(task);
        this.#deps.logger.info(
          { taskKey: task.definition.key, runId: run.id },
          'The task is already running in another process; this run waits for it to end',
        );
      } else {
        this.#deps.logger.error({ err: error, taskKey: task.definition.key, runId: run.id }, 'Failed to record a run start');
      }
      this.#dropUnstored(task, run);
      return;
    }
    if (!stored) {
      this.#deps.logger.info(
        { taskKey: task.definition.key, runId: run.id, scheduledAt: request.scheduledAt },
        'This scheduled fire already ran before a restart; it is not run again',
      );
      this.#dropUnstored(task, run);
      return;
    }
    run.recorded = true;

    const maxRuntimeTicks = request.origin === 'manual' ? undefined : request.trigger?.maxRuntimeTicks;
    if (maxRuntimeTicks !== undefined) {
      run.timeLimitTimer = this.#deps.clock.setTimeout(
        () => this.requestCancel(task, 'timeout'),
        ticksToMilliseconds(maxRuntimeTicks),
      );
    }

    let outcome: Outcome;
    try {
      const context = this.#createContext(task, run);
      await Promise.resolve().then(() => task.definition.execute(context));
      outcome = { status: 'completed' };
    } catch (error) {
      outcome = isCancellationError(error, run.controller.signal)
        ? { status: 'cancelled', cancelReason: run.cancelReason }
        : {
            status: 'failed',
            errorMessage: error instanceof Error ? error.message : String(error),
            errorStack: error instanceof Error ? error.stack : undefined,
          };
    }
    await this.moveToFinished(task, run, outcome);
  }

  #createContext(task: TaskRuntime, run: ActiveRun): TaskContext {
    const { definition } = task;
    const taskLog = this.#deps.logger.child({ taskKey: definition.key, runId: run.id });
    const write = (level: RunLogLine['level']) => (message: string) => {
      if (run.finished) return;
      const text = String(message);
      taskLog[level]({}, text);
      run.logSequence += 1;
      const line: RunLogLine = {
        runId: run.id,
        taskId: task.id,
        sequence: run.logSequence,
        at: this.#deps.clock.now(),
        level,
        message: text,
      };
      run.pendingLogLines.push(line);
      this.#deps.events.emit('runLog', line);
    };
    const logger: TaskLogger = { info: write('info'), warn: write('warn'), error: write('error') };

    return {
      runId: run.id,
      taskKey: definition.key,
      scheduledFor: run.request.scheduledAt === undefined ? undefined : new Date(run.request.scheduledAt),
      signal: run.controller.signal,
      reportProgress: (percent: number) => this.reportProgress(task, run, percent),
      logger,
      db: this.#deps.db,
      databaseProvider: this.#deps.databaseProvider,
      paths: this.#deps.paths,
      spawn: (command: string, args: readonly string[], options?: SpawnOptions) =>
        this.#spawn(run, command, args, options),
      runProcess: (command: string, args: readonly string[], options?: SpawnOptions) =>
        waitForProcess(this.#spawn(run, command, args, options), command, run.controller.signal),
      isTaskRunning: (key: string) => this.#deps.isTaskRunning(key),
    };
  }

  #spawn(run: ActiveRun, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    if (run.finished) throw new Error(`Cannot spawn "${command}": run ${run.id} has already ended.`);
    const child = spawnChild(command, args, { ...options, signal: run.controller.signal, killSignal: 'SIGTERM' });
    run.children.add(child);
    child.once('exit', () => run.children.delete(child));
    // An AbortSignal-killed child emits an AbortError; the task gets the exit instead.
    child.on('error', () => {});
    return child;
  }

  #killChildren(run: ActiveRun, signal: NodeJS.Signals): void {
    for (const child of run.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
    run.children.clear();
  }

  #clearTimers(run: ActiveRun): void {
    if (run.timeLimitTimer !== undefined) this.#deps.clock.clearTimeout(run.timeLimitTimer);
    if (run.graceTimer !== undefined) this.#deps.clock.clearTimeout(run.graceTimer);
  }

  /** Writes buffered log lines and keeps at most maxLogLinesPerRun of them. */
  async #flushLog(run: ActiveRun, final: boolean): Promise<void> {
    const lines = run.pendingLogLines.splice(0);
    const { maxLogLinesPerRun } = this.#options;
    const dropThrough = run.logSequence - maxLogLinesPerRun;
    try {
      await this.#deps.runLogStore.appendLines(lines.filter((line) => line.sequence > dropThrough));
      if (dropThrough > 0) await this.#deps.runLogStore.dropLinesThrough(run.id, dropThrough);
      if (final && dropThrough > 0) {
        await this.#deps.runLogStore.appendLines([
          {
            runId: run.id,
            taskId: '',
            sequence: dropThrough,
            at: this.#deps.clock.now(),
            level: 'warn',
            message: `${dropThrough} earlier log lines were dropped; a run keeps its last ${maxLogLinesPerRun} lines.`,
          },
        ]);
      }
    } catch (error) {
      this.#deps.logger.error({ err: error, runId: run.id }, 'Failed to store run log lines');
    }
  }

  #armHeartbeat(): void {
    if (this.#heartbeatTimer !== undefined) return;
    this.#heartbeatTimer = this.#deps.clock.setTimeout(() => {
      this.#heartbeatTimer = undefined;
      void this.#beat();
    }, this.#options.heartbeatMs);
  }

  async #beat(): Promise<void> {
    const active = [...this.#active.values()].filter(({ run }) => !run.finished);
    if (active.length === 0) return;
    this.#armHeartbeat();
    // A run whose row is still being written has a lease from its start already.
    const runs = active.filter(({ run }) => run.recorded);
    try {
      const lostIds = await this.#deps.runStore.heartbeat(
        runs.map(({ run }) => ({ id: run.id, fencingToken: run.fencingToken, progress: run.progress })),
        this.#deps.clock.now(),
        this.#options.leaseMs,
      );
      for (const { task, run } of runs) {
        if (!lostIds.includes(run.id) || run.lost) continue;
        run.lost = true;
        this.#deps.logger.warn(
          { taskKey: task.definition.key, runId: run.id },
          'Lost this run to another process after its lease expired; stopping it here',
        );
        this.requestCancel(task, 'leaseExpired');
      }
      await Promise.all(runs.map(({ run }) => this.#flushLog(run, false)));
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'Failed to record run heartbeats');
    }
  }

  async #logFailure(result: RunResult): Promise<void> {
    try {
      await this.#deps.activityLog.add({
        name: `${result.taskName} failed`,
        type: 'TaskFailed',
        severity: 'Error',
        overview: [result.errorMessage, result.errorStack].filter(Boolean).join('\n'),
        shortOverview: `Running time: ${formatRunningTime(result.endedAt - result.startedAt)}`,
        date: result.endedAt,
      });
    } catch (error) {
      this.#deps.logger.error({ err: error, runId: result.runId }, 'Failed to write the activity entry of a failed run');
    }
  }

  async #pruneHistory(task: TaskRuntime): Promise<void> {
    try {
      await this.#deps.runStore.pruneHistory(
        task.id,
        this.#options.historyMaxRuns,
        this.#deps.clock.now() - this.#options.historyMaxAgeMs,
        PRUNE_BATCH_SIZE,
      );
    } catch (error) {
      this.#deps.logger.error({ err: error, taskKey: task.definition.key }, 'Failed to prune run history');
    }
  }

  /** Returns the state of a task in this process's memory. */
  stateOf(task: TaskRuntime) {
    return stateOf(task);
  }
}
