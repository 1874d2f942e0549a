'use client';

import { AdminGate } from '../../src/admin-gate';
import { ApiKeysSection } from '../../src/api-keys-section';
import { LibrariesSection } from '../../src/libraries-section';
import { NodesSection } from '../../src/nodes-section';
import { PortalHeader } from '../../src/portal-header';
import { UsersSection } from '../../src/users-section';
import { ZoneNote } from '../../src/zone-note';

export default function SettingsPage() {
  return (
    <AdminGate>
      <PortalHeader />
      <main className="page stack">
        <h1>Settings</h1>
        <ZoneNote />
        <UsersSection />
        <ApiKeysSection />
        <LibrariesSection />
        <NodesSection />
      </main>
    </AdminGate>
  );
}
