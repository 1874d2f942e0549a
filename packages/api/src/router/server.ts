import { adminProcedure, authedProcedure, publicProcedure, router } from '../trpc.ts';

export const serverRouter = router({
  /** Facts about the server; no sign-in needed. */
  info: publicProcedure.query(({ ctx }) => ({
    id: ctx.server.id,
    name: ctx.server.name,
    version: ctx.server.version,
    timeZone: ctx.server.timeZone,
    now: new Date(ctx.engine.clock.now()).toISOString(),
  })),

  /** Returns the library folders the scan walks and where they are configured; administrators only, as paths are private. */
  libraries: adminProcedure.query(({ ctx }) => ({
    libraries: ctx.libraries.items.map((library) => ({ name: library.name, paths: [...library.paths] })),
    source: ctx.libraries.source,
  })),

  /** Returns the caller: a user or an API key, and whether it is an administrator. */
  me: authedProcedure.query(({ ctx }) => {
    const { principal } = ctx;
    if (principal.kind === 'user') {
      return { kind: 'user' as const, id: principal.user.id, name: principal.user.name, isAdmin: principal.isAdmin };
    }
    return { kind: 'apiKey' as const, id: principal.apiKeyId, name: principal.name, isAdmin: true };
  }),
});
