'use client';

import { usePathname, useRouter } from 'next/navigation';

import { ConnectionBanner } from './connection-banner';
import { useSession } from './session';

export function PortalHeader() {
  const { signOut } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const link = (href: string, label: string) => (
    <a href={href} aria-current={pathname === href || (href === '/' && pathname.startsWith('/tasks/')) ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header className="header">
        <a href="/" className="brand">
          Tickwork
        </a>
        <nav aria-label="Main">
          {link('/', 'Scheduled tasks')}
          {link('/activity', 'Activity')}
          {link('/settings', 'Settings')}
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
