'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { ReactNode } from 'react';

import { isUnauthorized } from './auth-errors';
import { useSession } from './session';

/**
 * Shows its children to administrators and API keys only. Without a token it
 * sends the browser to the sign-in page; a rejected token is forgotten first.
 */
export function AdminGate({ children }: { children: ReactNode }) {
  const { token, client, signOut } = useSession();
  const router = useRouter();

  const me = useQuery({
    queryKey: ['server.me', token],
    queryFn: () => client!.api.server.me.query(),
    enabled: client !== undefined,
    retry: (failures, error) => !isUnauthorized(error) && failures < 3,
  });

  const rejected = me.error !== null && isUnauthorized(me.error);
  useEffect(() => {
    if (token === null) router.replace('/sign-in');
    else if (rejected) void signOut().then(() => router.replace('/sign-in'));
  }, [token, rejected, router, signOut]);

  if (me.error !== null && !rejected) {
    return (
      <main className="page">
        <p role="alert">Could not reach the server: {me.error.message}. Reload the page to try again.</p>
      </main>
    );
  }
  if (me.data === undefined) {
    return (
      <main className="page">
        <p aria-live="polite">Loading…</p>
      </main>
    );
  }
  if (!me.data.isAdmin) {
    return (
      <main className="page narrow">
        <h1>Administrators only</h1>
        <p>
          You are signed in as <strong>{me.data.name}</strong>, who is not an administrator. The Tickwork portal
          manages scheduled tasks and is open to administrators only. Ask an administrator for access, or sign in as
          another user.
        </p>
        <button type="button" className="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </main>
    );
  }
  return <>{children}</>;
}
