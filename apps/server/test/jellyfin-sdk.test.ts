import { Jellyfin } from '@jellyfin/sdk';
import type { Api } from '@jellyfin/sdk';
import type { TaskInfo, TaskTriggerInfo } from '@jellyfin/sdk/lib/generated-client/models/index.js';
import { getScheduledTaskApi } from '@jellyfin/sdk/lib/utils/api/scheduled-task-api.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validateAgainstSchema } from '../../../packages/jellyfin/test/support/openapi.ts';
import { LONG_TASK_PLUGIN, SMALL_TASKS_PLUGIN } from './support/plugins.ts';
import { ServerProcess, waitFor } from './support/server-process.ts';

let server: ServerProcess;
let api: Api;
/** Every JSON body the SDK received, with the route it came from, for schema checks. */
const received: Array<{ url: string; body: unknown }> = [];

const jellyfin = new Jellyfin({
  clientInfo: { name: 'Tickwork tests', version: '1.0.0' },
  deviceInfo: { name: 'vitest', id: 'tickwork-tests' },
});

beforeAll(async () => {
  server = await ServerProcess.start({ plugins: { 'long.mjs': LONG_TASK_PLUGIN, 'small.mjs': SMALL_TASKS_PLUGIN } });
  api = jellyfin.createApi(server.url, server.apiKey);
  api.axiosInstance.interceptors.response.use((response) => {
    if (typeof response.data === 'object' && response.data !== null) {
      received.push({ url: response.config.url ?? '', body: response.data });
    }
    return response;
  });
});

afterAll(async () => {
  await server?.destroy();
});

async function taskByKey(key: string): Promise<TaskInfo> {
  const { data } = await getScheduledTaskApi(api).getTasks();
  const task = data.find((candidate) => candidate.Key === key);
  if (task === undefined) throw new Error(`task ${key} not listed`);
  return task;
}

describe('scheduled tasks through @jellyfin/sdk', () => {
  it('lists every task sorted by name', async () => {
    const { data, status } = await getScheduledTaskApi(api).getTasks();

    expect(status).toBe(200);
    const names = data.map((task) => task.Name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(data.map((task) => task.Key)).toEqual(
      expect.arrayContaining(['DeleteCacheFiles', 'DeleteTranscodeFiles', 'OptimizeDatabaseTask', 'LongTask', 'HiddenTask']),
    );
    expect(data.find((task) => task.Key === 'DeleteCacheFiles')?.Id).toBe('241d4fcb19a1d557ee62428e411da609');
  });

  it('filters by isHidden', async () => {
    const visible = await getScheduledTaskApi(api).getTasks({ isHidden: false });
    const hidden = await getScheduledTaskApi(api).getTasks({ isHidden: true });

    expect(visible.data.map((task) => task.Key)).not.toContain('HiddenTask');
    expect(hidden.data.map((task) => task.Key)).toEqual(['CleanupRunHistory', 'HiddenTask']);
  });

  it('filters by isEnabled', async () => {
    const disabled = await getScheduledTaskApi(api).getTasks({ isEnabled: false });
    const enabled = await getScheduledTaskApi(api).getTasks({ isEnabled: true });

    expect(disabled.data.map((task) => task.Key)).toEqual(['DisabledTask']);
    expect(enabled.data.map((task) => task.Key)).not.toContain('DisabledTask');
  });

  it('gets one task by id', async () => {
    const listed = await taskByKey('DeleteCacheFiles');
    const { data } = await getScheduledTaskApi(api).getTask({ taskId: listed.Id as string });

    expect(data).toEqual(listed);
  });

  it('replaces triggers of every type and returns them exactly', async () => {
    const task = await taskByKey('QuickTask');
    const triggers: TaskTriggerInfo[] = [
      { Type: 'DailyTrigger', TimeOfDayTicks: 72_000_000_000 },
      { Type: 'WeeklyTrigger', TimeOfDayTicks: 108_000_000_000, DayOfWeek: 'Sunday', MaxRuntimeTicks: 144_000_000_000 },
      { Type: 'IntervalTrigger', IntervalTicks: 216_000_000_000 },
      { Type: 'StartupTrigger' },
    ];

    const update = await getScheduledTaskApi(api).updateTask({ taskId: task.Id as string, taskTriggerInfo: triggers });
    const { data } = await getScheduledTaskApi(api).getTask({ taskId: task.Id as string });

    expect(update.status).toBe(204);
    expect(data.Triggers).toEqual(triggers);
  });

  it('stores a SystemEventTrigger sent by name', async () => {
    const task = await taskByKey('QuickTask');
    const response = await api.axiosInstance.post(`${server.url}/ScheduledTasks/${task.Id}/Triggers`, [
      { Type: 'SystemEventTrigger', SystemEvent: 'WakeFromSleep' },
    ], { headers: { Authorization: api.authorizationHeader } });
    const { data } = await getScheduledTaskApi(api).getTask({ taskId: task.Id as string });

    expect(response.status).toBe(204);
    expect(data.Triggers).toEqual([{ Type: 'SystemEventTrigger', SystemEvent: 'WakeFromSleep' }]);
  });

  it('accepts numeric strings and ignores unknown fields', async () => {
    const task = await taskByKey('QuickTask');
    const response = await api.axiosInstance.post(`${server.url}/ScheduledTasks/${task.Id}/Triggers`, [
      { Type: 'DailyTrigger', TimeOfDayTicks: '72000000000', MaxRuntimeMs: null, Colour: 'blue' },
      { type: 'interval', intervalTicks: '36000000000', maxRuntimeTicks: '600000000' },
      null,
    ], { headers: { Authorization: api.authorizationHeader } });
    const { data } = await getScheduledTaskApi(api).getTask({ taskId: task.Id as string });

    expect(response.status).toBe(204);
    expect(data.Triggers).toEqual([
      { Type: 'DailyTrigger', TimeOfDayTicks: 72_000_000_000 },
      { Type: 'IntervalTrigger', IntervalTicks: 36_000_000_000, MaxRuntimeTicks: 600_000_000 },
    ]);
  });

  it('starts a plugin task, shows progress, stops it and records Cancelled', async () => {
    const scheduled = getScheduledTaskApi(api);
    const task = await taskByKey('LongTask');
    const taskId = task.Id as string;

    const start = await scheduled.startTask({ taskId });
    expect(start.status).toBe(204);

    const running = await waitFor(async () => {
      const { data } = await scheduled.getTask({ taskId });
      return data.State === 'Running' && (data.CurrentProgressPercentage ?? 0) > 0 ? data : undefined;
    });
    expect(running.CurrentProgressPercentage).toBeGreaterThan(0);
    expect(running.CurrentProgressPercentage).toBeLessThanOrEqual(100);

    const stop = await scheduled.stopTask({ taskId });
    expect(stop.status).toBe(204);
    const cancelling = await scheduled.getTask({ taskId });
    expect(cancelling.data.State).toBe('Cancelling');

    const idle = await waitFor(async () => {
      const { data } = await scheduled.getTask({ taskId });
      return data.State === 'Idle' ? data : undefined;
    });
    expect(idle.LastExecutionResult?.Status).toBe('Cancelled');
    expect(idle.LastExecutionResult?.Key).toBe('LongTask');
    expect(idle.LastExecutionResult?.ErrorMessage).toBeUndefined();
    expect(idle.CurrentProgressPercentage).toBeUndefined();
  });

  it('records a failing task with its error', async () => {
    const scheduled = getScheduledTaskApi(api);
    const taskId = (await taskByKey('FailingTask')).Id as string;

    await scheduled.startTask({ taskId });
    const done = await waitFor(async () => {
      const { data } = await scheduled.getTask({ taskId });
      return data.LastExecutionResult === undefined || data.State !== 'Idle' ? undefined : data;
    });

    expect(done.LastExecutionResult?.Status).toBe('Failed');
    expect(done.LastExecutionResult?.ErrorMessage).toBe('disk full');
    expect(done.LastExecutionResult?.LongErrorMessage).toContain('Error: disk full');
  });

  it('received only responses that match the 10.11 schemas', () => {
    expect(received.length).toBeGreaterThan(10);
    for (const { url, body } of received) {
      const items = Array.isArray(body) ? body : [body];
      for (const item of items) {
        // The 10.11 schema no longer lists SystemEventTrigger, which Tickwork still serves.
        const usesSystemEvent = JSON.stringify(item).includes('SystemEventTrigger');
        if (usesSystemEvent) continue;
        expect(validateAgainstSchema('TaskInfo', item), `${url}: ${JSON.stringify(item)}`).toEqual([]);
      }
    }
  });
});
