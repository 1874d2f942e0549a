'use client';

import { useSession } from './session';

/** Tells the viewer that live updates stopped; the WebSocket client keeps reconnecting on its own. */
export function ConnectionBanner() {
  const { connection } = useSession();
  if (connection !== 'closed') return null;
  return (
    <div className="banner" role="alert">
      Live updates are disconnected from the server. Reconnecting by itself; the list may be out of date until then.
    </div>
  );
}
