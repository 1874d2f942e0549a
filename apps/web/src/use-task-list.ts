'use client';

import type { TickworkClient } from '@tickwork/api/client';
import { useEffect, useState } from 'react';

import { applyTaskListEvent } from './task-list-state';
import type { TaskMap } from './task-list-state';

/**
 * Follows `live.onTaskList`. The tRPC WebSocket client reconnects by itself
 * and the subscription then starts again with a snapshot, so the list heals
 * after an outage without a reload. Returns undefined until the first snapshot.
 */
export function useTaskList(client: TickworkClient | undefined): { tasks: TaskMap | undefined; error: string | undefined } {
  const [tasks, setTasks] = useState<TaskMap | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (client === undefined) return;
    const subscription = client.api.live.onTaskList.subscribe(
      { progressIntervalMs: 250 },
      {
        onData: (event) => {
          setError(undefined);
          setTasks((current) => applyTaskListEvent(current ?? new Map(), event));
        },
        onError: (caught) => setError(caught.message),
      },
    );
    return () => subscription.unsubscribe();
  }, [client]);

  return { tasks, error };
}
