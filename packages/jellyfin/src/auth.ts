import type { Accounts, Principal } from '@tickwork/accounts';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { extractToken } from '@tickwork/accounts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by the authentication hooks. */
    principal?: Principal;
  }
}

/** Resolves the request's token to a principal, or undefined when there is none or it is unknown. */
export async function authenticate(accounts: Accounts, request: FastifyRequest): Promise<Principal | undefined> {
  const token = extractToken(request.headers, request.query as Record<string, unknown>);
  if (token === undefined) return undefined;
  return accounts.resolveToken(token);
}

/**
 * Builds preHandler hooks. No token or an unknown token gives 401, and a
 * valid token without the needed rights gives 403. Both have an empty body,
 * as in Jellyfin.
 */
export function authorization(accounts: Accounts) {
  const check = (adminOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await authenticate(accounts, request);
    if (principal === undefined) return reply.code(401).send();
    if (adminOnly && !principal.isAdmin) return reply.code(403).send();
    request.principal = principal;
    return undefined;
  };
  return { requireUser: check(false), requireAdmin: check(true) };
}
