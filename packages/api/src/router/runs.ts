import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { toRunDto } from '../serialize.ts';
import { taskIdSchema } from '../schemas.ts';
import { adminProcedure, router } from '../trpc.ts';
import { requireTask } from './tasks.ts';

export const runsRouter = router({
  /** A task's runs, newest first, one page at a time. */
  list: adminProcedure
    .input(
      z.object({
        taskId: taskIdSchema,
        status: z.enum(['running', 'completed', 'failed', 'cancelled', 'aborted']).optional(),
        cursor: z.string().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const task = requireTask(ctx.engine, input.taskId);
      const page = await ctx.engine.runQueries.page({ ...input, taskId: task.id });
      return { runs: page.runs.map(toRunDto), nextCursor: page.nextCursor ?? null };
    }),

  /** One run with its stored log lines. */
  get: adminProcedure.input(z.object({ runId: z.string().min(1) })).query(async ({ ctx, input }) => {
    const run = await ctx.engine.runQueries.get(input.runId);
    if (run === undefined) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `No run has the id "${input.runId}".` });
    }
    const lines = await ctx.engine.runLogs.linesOf(run.id);
    return {
      ...toRunDto(run),
      logLines: lines.map((line) => ({
        sequence: line.sequence,
        at: new Date(line.at).toISOString(),
        level: line.level,
        message: line.message,
      })),
    };
  }),
});
