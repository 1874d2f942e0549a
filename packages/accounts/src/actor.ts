import type { Principal } from './accounts.ts';

/** Returns the user behind a principal, as recorded with runs and activity entries. */
export function actorOf(principal: Principal | undefined): { userId?: string; userName?: string } {
  if (principal === undefined) return {};
  if (principal.kind === 'user') return { userId: principal.user.id, userName: principal.user.name };
  return { userName: `API key "${principal.name}"` };
}
