import { adminProcedure, router } from '../trpc.ts';

export const nodesRouter = router({
  /** Server processes that have used this database, most recently seen first. */
  list: adminProcedure.query(async ({ ctx }) =>
    (await ctx.engine.nodes.list()).map((node) => ({
      id: node.id,
      hostname: node.hostname,
      pid: node.pid,
      version: node.version,
      startedAt: new Date(node.startedAt).toISOString(),
      lastSeenAt: new Date(node.lastSeenAt).toISOString(),
      isThisNode: node.id === ctx.engine.node,
    })),
  ),
});
