import { AccountError } from '@tickwork/accounts';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { adminProcedure, router } from '../trpc.ts';

const iso = (epoch: number | undefined) => (epoch === undefined ? null : new Date(epoch).toISOString());

/** Turns an AccountError (bad input) into BAD_REQUEST with its message. */
async function asBadRequest<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AccountError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
    throw error;
  }
}

export const usersRouter = router({
  list: adminProcedure.query(async ({ ctx }) =>
    (await ctx.accounts.listUsers()).map((user) => ({
      id: user.id,
      name: user.name,
      isAdmin: user.isAdmin,
      isDisabled: user.isDisabled,
      createdAt: iso(user.createdAt),
      lastLoginAt: iso(user.lastLoginAt),
    })),
  ),

  create: adminProcedure
    .input(z.object({ name: z.string(), password: z.string(), isAdmin: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const user = await asBadRequest(() => ctx.accounts.createUser(input.name, input.password, input.isAdmin));
      return { id: user.id, name: user.name, isAdmin: user.isAdmin };
    }),
});

export const apiKeysRouter = router({
  list: adminProcedure.query(async ({ ctx }) =>
    (await ctx.accounts.listApiKeys()).map((key) => ({
      id: key.id,
      name: key.name,
      createdAt: iso(key.createdAt),
      revokedAt: iso(key.revokedAt),
    })),
  ),

  /** Creates a key; its token is returned once and never stored. */
  create: adminProcedure.input(z.object({ name: z.string() })).mutation(async ({ ctx, input }) => {
    const { key, token } = await asBadRequest(() => ctx.accounts.createApiKey(input.name));
    return { id: key.id, name: key.name, createdAt: iso(key.createdAt), token };
  }),

  revoke: adminProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    if (!(await ctx.accounts.revokeApiKey(input.id))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `No active API key has the id "${input.id}".` });
    }
    return { id: input.id, revoked: true };
  }),
});
