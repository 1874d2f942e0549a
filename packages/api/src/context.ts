import type { IncomingHttpHeaders } from 'node:http';

import { extractToken } from '@tickwork/accounts';
import type { Accounts, Principal } from '@tickwork/accounts';
import type { Engine, EngineLogger, Library } from '@tickwork/engine';

/** Services every procedure may use; built once by the server. */
export interface ApiDependencies {
  engine: Engine;
  accounts: Accounts;
  server: { id: string; name: string; version: string; timeZone: string };
  /** The configured libraries and where they are set; read at start, so changing them needs a restart. */
  libraries: {
    items: Library[];
    source: { kind: 'environment'; variable: string } | { kind: 'file'; path: string };
  };
  logger: EngineLogger;
}

/** A procedure's context: the services and, when authenticated, the caller. */
export interface ApiContext extends ApiDependencies {
  principal?: Principal;
}

/**
 * Resolves the caller from a token in `connectionParams.token` (WebSocket
 * clients), the Authorization header (`Bearer …` or Jellyfin's
 * `MediaBrowser Token="…"`), the X-Emby-Token header or the api_key query
 * parameter. No token or an unknown one leaves the caller anonymous; the
 * procedures decide what that allows.
 */
export async function resolvePrincipal(
  deps: ApiDependencies,
  request: { headers: IncomingHttpHeaders; url?: string },
  connectionParams?: Record<string, string | undefined> | null,
): Promise<Principal | undefined> {
  const query = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
  const token = connectionParams?.token || extractToken(request.headers, query);
  if (token === undefined || token === '') return undefined;
  return deps.accounts.resolveToken(token);
}
