import { actorOf } from '@tickwork/accounts';
import type { Engine, TaskSnapshot } from '@tickwork/engine';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { toTaskDto } from '../serialize.ts';
import type { TaskDto } from '../serialize.ts';
import { taskIdSchema, triggerListSchema } from '../schemas.ts';
import { adminProcedure, router } from '../trpc.ts';

/** Finds a task by id (any letter case) or key, or throws NOT_FOUND naming the value. */
export function requireTask(engine: Engine, idOrKey: string): TaskSnapshot {
  const id = engine.resolveTaskId(idOrKey);
  const task = id === undefined ? undefined : engine.getTask(id);
  if (task === undefined) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `No task has the id or key "${idOrKey}"; list tasks to see them.` });
  }
  return task;
}

export const tasksRouter = router({
  list: adminProcedure
    .input(
      z
        .object({ isHidden: z.boolean().optional(), isEnabled: z.boolean().optional(), category: z.string().optional() })
        .default({}),
    )
    .query(({ ctx, input }): TaskDto[] =>
      ctx.engine
        .listTasks()
        .filter((task) => input.isHidden === undefined || task.isHidden === input.isHidden)
        .filter((task) => input.isEnabled === undefined || task.isEnabled === input.isEnabled)
        .filter((task) => input.category === undefined || task.category === input.category)
        .map((task) => toTaskDto(task, ctx.engine)),
    ),

  get: adminProcedure
    .input(z.object({ id: taskIdSchema }))
    .query(({ ctx, input }): TaskDto => toTaskDto(requireTask(ctx.engine, input.id), ctx.engine)),

  start: adminProcedure.input(z.object({ id: taskIdSchema })).mutation(({ ctx, input }) => {
    const task = requireTask(ctx.engine, input.id);
    const result = ctx.engine.startTask(task.id, actorOf(ctx.principal));
    return { result: result === 'busy' ? ('alreadyRunning' as const) : ('started' as const) };
  }),

  stop: adminProcedure.input(z.object({ id: taskIdSchema })).mutation(({ ctx, input }) => {
    const task = requireTask(ctx.engine, input.id);
    const result = ctx.engine.stopTask(task.id, actorOf(ctx.principal));
    return { result: result === 'cancelling' ? ('cancelling' as const) : ('notRunning' as const) };
  }),

  setTriggers: adminProcedure
    .input(z.object({ id: taskIdSchema, triggers: triggerListSchema }))
    .mutation(async ({ ctx, input }): Promise<TaskDto> => {
      const task = requireTask(ctx.engine, input.id);
      await ctx.engine.setTriggers(task.id, input.triggers, actorOf(ctx.principal));
      return toTaskDto(requireTask(ctx.engine, task.id), ctx.engine);
    }),

  setEnabled: adminProcedure
    .input(z.object({ id: taskIdSchema, isEnabled: z.boolean() }))
    .mutation(async ({ ctx, input }): Promise<TaskDto> => {
      const task = requireTask(ctx.engine, input.id);
      await ctx.engine.setEnabled(task.id, input.isEnabled, actorOf(ctx.principal));
      return toTaskDto(requireTask(ctx.engine, task.id), ctx.engine);
    }),
});
