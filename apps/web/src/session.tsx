'use client';

import { createTickworkClient } from '@tickwork/api/client';
import type { TickworkClient } from '@tickwork/api/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

import { isUnauthorized } from './auth-errors';
import { clearToken, readToken, writeToken } from './session-storage';
import { signOutOnServer } from './sign-in-request';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface SessionValue {
  /** undefined until sessionStorage has been read on the client. */
  token: string | null | undefined;
  client: TickworkClient | undefined;
  connection: ConnectionState;
  signIn(token: string): void;
  signOut(): Promise<void>;
  /** Signs out when a call failed because the token was revoked or expired; returns whether it did. */
  signOutIfUnauthorized(error: unknown): boolean;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/** Holds the token and one typed client (HTTP calls plus one live WebSocket) per token. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => setToken(readToken() ?? null), []);

  const client = useMemo(() => {
    if (typeof token !== 'string') return undefined;
    return createTickworkClient({
      url: window.location.origin,
      token,
      onConnectionChange: (state) => setConnection(state),
    });
  }, [token]);
  useEffect(() => () => client?.close(), [client]);

  const signIn = useCallback((newToken: string) => {
    writeToken(newToken);
    setConnection('connecting');
    setToken(newToken);
  }, []);
  const signOut = useCallback(async () => {
    const current = readToken();
    clearToken();
    setToken(null);
    if (current !== undefined) await signOutOnServer(current);
  }, []);

  const signOutIfUnauthorized = useCallback(
    (error: unknown) => {
      if (!isUnauthorized(error)) return false;
      void signOut();
      return true;
    },
    [signOut],
  );

  const value = useMemo(
    () => ({ token, client, connection, signIn, signOut, signOutIfUnauthorized }),
    [token, client, connection, signIn, signOut, signOutIfUnauthorized],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error('useSession must be called inside <SessionProvider>.');
  return value;
}
