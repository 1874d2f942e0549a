import type { ServerProcess } from '../../apps/server/test/support/server-process.ts';
import { preciseNow } from '../stats.ts';

interface TaskInfo {
  Id: string;
  Key: string;
  Name: string;
  State: string;
  LastExecutionResult?: { StartTimeUtc: string; EndTimeUtc: string; Status: string; ErrorMessage?: string };
}

export async function listTasks(server: ServerProcess): Promise<TaskInfo[]> {
  const response = await server.request('GET', '/ScheduledTasks');
  if (!response.ok) throw new Error(`GET /ScheduledTasks failed with HTTP ${response.status}`);
  return (await response.json()) as TaskInfo[];
}

export interface MaintenanceRun {
  /** The run's own duration as the server recorded it, in seconds. */
  seconds: number;
  /** Latencies in milliseconds of the probe sent while the run was going. */
  probeLatencies: number[];
}

/**
 * Starts a task by key through REST and waits until its run has ended,
 * sending `probe` back to back meanwhile, so its latencies show what readers
 * see while the task works. Throws when the run does not complete.
 */
export async function runTaskAndProbe(
  server: ServerProcess,
  key: string,
  probe: () => Promise<void>,
  timeoutMs: number,
): Promise<MaintenanceRun> {
  const task = (await listTasks(server)).find((each) => each.Key === key);
  if (task === undefined) throw new Error(`the server has no task with the key ${key}`);
  const previousStart = task.LastExecutionResult?.StartTimeUtc;
  const started = await server.request('POST', `/ScheduledTasks/Running/${task.Id}`);
  if (!started.ok) throw new Error(`starting ${key} failed with HTTP ${started.status}`);

  const probeLatencies: number[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const began = preciseNow();
    await probe();
    probeLatencies.push(preciseNow() - began);

    const response = await server.request('GET', `/ScheduledTasks/${task.Id}`);
    const info = (await response.json()) as TaskInfo;
    const result = info.LastExecutionResult;
    if (info.State === 'Idle' && result !== undefined && result.StartTimeUtc !== previousStart) {
      if (result.Status !== 'Completed') {
        throw new Error(`${key} ended with status ${result.Status}: ${result.ErrorMessage ?? 'no error message'}`);
      }
      const seconds = (Date.parse(result.EndTimeUtc) - Date.parse(result.StartTimeUtc)) / 1000;
      return { seconds, probeLatencies };
    }
    if (Date.now() > deadline) throw new Error(`${key} did not finish within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
