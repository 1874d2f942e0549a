'use client';

import { AdminGate } from '../src/admin-gate';
import { PortalHeader } from '../src/portal-header';
import { TasksView } from '../src/tasks-view';

export default function TasksPage() {
  return (
    <AdminGate>
      <PortalHeader />
      <TasksView />
    </AdminGate>
  );
}
