import { TRPCClientError } from '@trpc/client';

/** Whether a tRPC call failed because the server no longer accepts the token. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
}
