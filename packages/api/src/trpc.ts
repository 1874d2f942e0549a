/**
 * The one place where tRPC is set up for Tickwork:
 * 1. the context every procedure receives (see context.ts);
 * 2. error formatting, which adds the field errors of invalid input;
 * 3. the procedure kinds: public, signed in, and administrator.
 */
import { TRPCError, initTRPC } from '@trpc/server';
import { ZodError } from 'zod';

import type { ApiContext } from './context.ts';

// 1 and 2. Context and error formatting.
const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        fieldErrors:
          cause instanceof ZodError
            ? Object.fromEntries(cause.issues.map((issue) => [issue.path.join('.') || '$', issue.message]))
            : undefined,
      },
    };
  },
});

export const router = t.router;

// 3. Procedure kinds.
export const publicProcedure = t.procedure;

/** Any signed-in user or API key. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (ctx.principal === undefined) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: send a valid access token or API key.' });
  }
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

/** Administrators and API keys only. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.principal.isAdmin) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only administrators can do this.' });
  }
  return next({ ctx });
});
