import type { Engine } from '@tickwork/engine';
import { z } from 'zod';

import { EventChannel } from '../event-channel.ts';
import { PerEventCache } from '../per-event-cache.ts';
import { ProgressHub } from '../progress-hub.ts';
import { progressIntervalSchema, taskIdSchema } from '../schemas.ts';
import { toRunResultDto, toTaskDto } from '../serialize.ts';
import type { RunResultDto, TaskDto } from '../serialize.ts';
import { adminProcedure, router } from '../trpc.ts';
import { requireTask } from './tasks.ts';

/** Undelivered events a subscriber may fall behind by before it is cut off. */
const SUBSCRIBER_CAPACITY = 10_000;

/** Task DTOs of task changes and run results, built once per event and shared by every subscriber. */
const taskDtoOfEvent = new PerEventCache<TaskDto | undefined>();
const runResultDtoOfEvent = new PerEventCache<RunResultDto>();

export type TaskChangeReason = 'state' | 'triggers' | 'enabled';

/** Events of the task-list subscription: a snapshot first, then deltas. */
export type TaskListEvent =
  | { type: 'snapshot'; tasks: TaskDto[] }
  | { type: 'taskChanged'; reason: TaskChangeReason; task: TaskDto }
  | { type: 'progress'; taskId: string; progress: number }
  | { type: 'runEnded'; taskId: string; result: RunResultDto };

export interface LogLineDto {
  runId: string;
  sequence: number;
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Events of the one-task subscription: task-list events for that task, plus its log lines. */
export type TaskEvent =
  | { type: 'snapshot'; task: TaskDto }
  | Exclude<TaskListEvent, { type: 'snapshot' }>
  | { type: 'log'; line: LogLineDto };

/** The events after a snapshot; log lines come only to a one-task subscription. */
type TaskDelta = Exclude<TaskEvent, { type: 'snapshot' }>;

/**
 * Connects engine events to a subscriber's channel, for every task or one.
 * Progress goes through the throttle shared by subscribers of the same
 * interval, which is flushed before any other event of the same task, so
 * progress never arrives out of order.
 * Returns the function that disconnects it.
 */
function followTasks(
  engine: Engine,
  channel: EventChannel<TaskListEvent | TaskDelta> | EventChannel<TaskEvent>,
  progressIntervalMs: number,
  onlyTaskId?: string,
): () => void {
  const wanted = (taskId: string) => onlyTaskId === undefined || taskId === onlyTaskId;
  const throttle = ProgressHub.for(engine).subscribe(
    progressIntervalMs,
    (taskId, progress) => channel.push({ type: 'progress', taskId, progress }),
    onlyTaskId,
  );
  const changed = (event: { taskId: string }, reason: TaskChangeReason) => {
    const dto = taskDtoOfEvent.get(event, () => {
      const task = engine.getTask(event.taskId);
      return task === undefined ? undefined : toTaskDto(task, engine);
    });
    if (dto === undefined) return;
    throttle.flush(event.taskId);
    channel.push({ type: 'taskChanged', reason, task: dto });
  };

  const listeners: Array<() => void> = [
    engine.events.on('stateChanged', (event) => {
      if (wanted(event.taskId)) changed(event, 'state');
    }),
    engine.events.on('triggersChanged', (event) => {
      if (wanted(event.taskId)) changed(event, 'triggers');
    }),
    engine.events.on('enabledChanged', (event) => {
      if (wanted(event.taskId)) changed(event, 'enabled');
    }),
    engine.events.on('runEnded', (result) => {
      if (!wanted(result.taskId)) return;
      throttle.flush(result.taskId);
      channel.push({ type: 'runEnded', taskId: result.taskId, result: runResultDtoOfEvent.get(result, () => toRunResultDto(result)) });
    }),
  ];
  if (onlyTaskId !== undefined) {
    listeners.push(
      engine.events.on('runLog', (line) => {
        if (line.taskId !== onlyTaskId) return;
        channel.push({
          type: 'log',
          line: { runId: line.runId, sequence: line.sequence, at: new Date(line.at).toISOString(), level: line.level, message: line.message },
        });
      }),
    );
  }

  return () => {
    for (const unsubscribe of listeners) unsubscribe();
    throttle.close();
  };
}

export const liveRouter = router({
  /**
   * Every task: a full snapshot on subscribe (and so on every reconnect),
   * then deltas for state, progress, run ends, trigger and enabled changes.
   */
  onTaskList: adminProcedure
    .input(z.object({ progressIntervalMs: progressIntervalSchema }).default({ progressIntervalMs: 250 }))
    .subscription(({ ctx, input, signal }): AsyncIterable<TaskListEvent, undefined> => {
      const channel = new EventChannel<TaskListEvent | TaskDelta>(SUBSCRIBER_CAPACITY);
      // Listeners attach before the snapshot is read, in the same tick, so no change falls between them.
      const disconnect = followTasks(ctx.engine, channel, input.progressIntervalMs);
      channel.push({ type: 'snapshot', tasks: ctx.engine.listTasks().map((task) => toTaskDto(task, ctx.engine)) });
      // Log lines go only to one-task subscriptions, so every event here is a task-list event.
      return channel.drain(signal, disconnect) as AsyncIterable<TaskListEvent, undefined>;
    }),

  /** One task: a snapshot, then its deltas and the log lines of its runs. */
  onTask: adminProcedure
    .input(z.object({ id: taskIdSchema, progressIntervalMs: progressIntervalSchema }))
    .subscription(({ ctx, input, signal }): AsyncIterable<TaskEvent, undefined> => {
      const task = requireTask(ctx.engine, input.id);
      const channel = new EventChannel<TaskEvent>(SUBSCRIBER_CAPACITY);
      const disconnect = followTasks(ctx.engine, channel, input.progressIntervalMs, task.id);
      channel.push({ type: 'snapshot', task: toTaskDto(task, ctx.engine) });
      return channel.drain(signal, disconnect);
    }),
});
