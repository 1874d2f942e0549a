import type { ActivityEntry, Engine, TaskSnapshot } from '@tickwork/engine';
import { z } from 'zod';

import { EventChannel } from '../event-channel.ts';
import { toActivityEntryDto } from '../serialize.ts';
import type { ActivityEntryDto } from '../serialize.ts';
import { adminProcedure, router } from '../trpc.ts';

/** Undelivered entries a subscriber may fall behind by before it is cut off. */
const SUBSCRIBER_CAPACITY = 10_000;

function taskOfEntry(engine: Engine, entry: ActivityEntry): TaskSnapshot | undefined {
  const taskId = engine.taskIdOfActivityEntry(entry);
  return taskId === undefined ? undefined : engine.getTask(taskId);
}

export const activityRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          startIndex: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(500).default(50),
          minDate: z.iso.datetime({ error: (issue) => `minDate ${JSON.stringify(issue.input)} is not an ISO 8601 time, such as 2026-01-31T00:00:00Z.` }).optional(),
        })
        .default({ startIndex: 0, limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const page = await ctx.engine.activityLog.list({
        startIndex: input.startIndex,
        limit: input.limit,
        minDate: input.minDate === undefined ? undefined : Date.parse(input.minDate),
      });
      const items = page.items.map((entry) => toActivityEntryDto(entry, taskOfEntry(ctx.engine, entry)));
      return { items, totalRecordCount: page.totalRecordCount };
    }),

  /** New activity entries as they are written. */
  onEntry: adminProcedure.subscription(({ ctx, signal }): AsyncIterable<ActivityEntryDto, undefined> => {
    const channel = new EventChannel<ActivityEntryDto>(SUBSCRIBER_CAPACITY);
    const unsubscribe = ctx.engine.events.on('activityAdded', (entry) =>
      channel.push(toActivityEntryDto(entry, taskOfEntry(ctx.engine, entry))),
    );
    return channel.drain(signal, unsubscribe);
  }),
});
