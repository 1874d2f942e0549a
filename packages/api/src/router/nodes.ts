import { adminProcedure, router } from '../trpc.ts';

export const nodesRouter = router({
  /**
   * Server processes that have used this database, most recently seen first,
   * with whether each node's lease is current. This node is always current and seen now.
   */
  list: adminProcedure.query(async ({ ctx }) =>
    (await ctx.engine.listNodes()).map((node) => ({
      id: node.id,
      hostname: node.hostname,
      pid: node.pid,
      version: node.version,
      startedAt: new Date(node.startedAt).toISOString(),
      lastSeenAt: new Date(node.lastSeenAt).toISOString(),
      isThisNode: node.isThisNode,
      leaseIsCurrent: node.leaseIsCurrent,
    })),
  ),
});
