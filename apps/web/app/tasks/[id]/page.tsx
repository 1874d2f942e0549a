'use client';

import { useParams } from 'next/navigation';

import { AdminGate } from '../../../src/admin-gate';
import { PortalHeader } from '../../../src/portal-header';
import { TaskPageView } from '../../../src/task-page-view';

export default function TaskPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <AdminGate>
      <PortalHeader />
      <TaskPageView id={id} />
    </AdminGate>
  );
}
