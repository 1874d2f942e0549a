'use client';

import type { LogLineDto, TaskDto } from '@tickwork/api';
import type { TickworkClient } from '@tickwork/api/client';
import { useEffect, useState } from 'react';

export interface LiveTask {
  task: TaskDto | undefined;
  /** Log lines received live, of every run since the page opened. */
  logLines: LogLineDto[];
  /** Grows when a run starts or ends, so run history can refetch. */
  runsVersion: number;
  error: string | undefined;
}

/** Follows `live.onTask` for one task: its state and progress, run ends and log lines. */
export function useTask(client: TickworkClient | undefined, id: string): LiveTask {
  const [live, setLive] = useState<LiveTask>({ task: undefined, logLines: [], runsVersion: 0, error: undefined });

  useEffect(() => {
    if (client === undefined) return;
    const subscription = client.api.live.onTask.subscribe(
      { id, progressIntervalMs: 250 },
      {
        onData: (event) =>
          setLive((current) => {
            switch (event.type) {
              case 'snapshot':
                return { ...current, task: event.task, error: undefined };
              case 'taskChanged': {
                const started = event.reason === 'state' && current.task?.state === 'idle' && event.task.state !== 'idle';
                return { ...current, task: event.task, runsVersion: current.runsVersion + (started ? 1 : 0) };
              }
              case 'progress':
                return current.task === undefined ? current : { ...current, task: { ...current.task, progress: event.progress } };
              case 'runEnded':
                return {
                  ...current,
                  task: current.task === undefined ? undefined : { ...current.task, lastResult: event.result },
                  runsVersion: current.runsVersion + 1,
                };
              case 'log':
                return { ...current, logLines: [...current.logLines, event.line] };
            }
          }),
        onError: (caught) => setLive((current) => ({ ...current, error: caught.message })),
      },
    );
    return () => subscription.unsubscribe();
  }, [client, id]);

  return live;
}
