'use client';

import { ActivityView } from '../../src/activity-view';
import { AdminGate } from '../../src/admin-gate';
import { PortalHeader } from '../../src/portal-header';

export default function ActivityPage() {
  return (
    <AdminGate>
      <PortalHeader />
      <ActivityView />
    </AdminGate>
  );
}
