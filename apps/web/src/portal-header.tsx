'use client';

import { useRouter } from 'next/navigation';

import { ConnectionBanner } from './connection-banner';
import { useSession } from './session';

export function PortalHeader() {
  const { signOut } = useSession();
  const router = useRouter();
  return (
    <>
      <header className="header">
        <a href="/" className="brand">
          Tickwork
        </a>
        <nav aria-label="Main">
          <a href="/">Scheduled tasks</a>
        </nav>
        <button
          type="button"
          className="button"
          onClick={() => void signOut().then(() => router.replace('/sign-in'))}
        >
          Sign out
        </button>
      </header>
      <ConnectionBanner />
    </>
  );
}
