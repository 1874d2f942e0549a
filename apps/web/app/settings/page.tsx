'use client';

import { AdminGate } from '../../src/admin-gate';
import { ApiKeysSection } from '../../src/api-keys-section';
import { PortalHeader } from '../../src/portal-header';
import { UsersSection } from '../../src/users-section';

export default function SettingsPage() {
  return (
    <AdminGate>
      <PortalHeader />
      <main className="page stack">
        <h1>Settings</h1>
        <UsersSection />
        <ApiKeysSection />
      </main>
    </AdminGate>
  );
}
