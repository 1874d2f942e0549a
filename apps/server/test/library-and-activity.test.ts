import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { createTickworkClient } from '@tickwork/api/client';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';

import { LONG_TASK_PLUGIN } from './support/plugins.ts';
import { ServerProcess, waitFor } from './support/server-process.ts';

let server: ServerProcess;
let database: Database;
let media: string;
let tasks: Array<{ Key: string; Id: string; State: string }>;

const idOf = (key: string) => tasks.find((task) => task.Key === key)?.Id as string;

beforeAll(async () => {
  media = mkdtempSync(path.join(os.tmpdir(), 'tickwork-media-'));
  for (const file of ['Heat (1995).mkv', 'Alien (1979).mp4']) writeFileSync(path.join(media, file), '');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-server-'));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ libraries: [{ name: 'Movies', paths: [media] }] }));
  server = await ServerProcess.start({ dataDir, plugins: { 'long.mjs': LONG_TASK_PLUGIN } });
  database = await openDatabase({ url: `file:${path.join(server.dataDir, 'tickwork.db')}`, migrate: false });
  tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as typeof tasks;
});

afterAll(async () => {
  await database?.close();
  await server?.destroy();
  rmSync(media, { recursive: true, force: true });
});

async function activityEntries(): Promise<Array<Record<string, unknown>>> {
  const response = await server.request('GET', '/System/ActivityLog/Entries');
  expect(response.status).toBe(200);
  return ((await response.json()) as { Items: Array<Record<string, unknown>> }).Items;
}

describe('library from config.json', () => {
  it('lists the libraries and their source over tRPC', async () => {
    const { api, close } = createTickworkClient({
      url: server.url,
      token: server.apiKey,
      WebSocket,
    });
    try {
      const listed = await api.server.libraries.query();
      expect(listed.libraries).toEqual([{ name: 'Movies', paths: [media] }]);
      expect(listed.source).toEqual({ kind: 'file', path: path.join(server.dataDir, 'config.json') });
    } finally {
      close();
    }
  });

  it('scans the configured library through the REST API', async () => {
    const started = await server.request('POST', `/ScheduledTasks/Running/${idOf('RefreshLibrary')}`);
    expect(started.status).toBe(204);

    await waitFor(async () => ((await database.prisma.mediaItem.count()) === 2 ? true : undefined));
    const items = await database.prisma.mediaItem.findMany({ orderBy: { path: 'asc' } });
    expect(items.map((item) => [path.basename(item.path), item.library])).toEqual([
      ['Alien (1979).mp4', 'Movies'],
      ['Heat (1995).mkv', 'Movies'],
    ]);
  });
});

describe('activity log entries', () => {
  it('record manual starts with the user name', async () => {
    const entries = await waitFor(async () => {
      const items = await activityEntries();
      return items.some((entry) => entry.Type === 'TaskStarted') ? items : undefined;
    });
    const started = entries.find((entry) => entry.Type === 'TaskStarted' && String(entry.Name).endsWith('started Scan Media Library'));
    expect(started).toMatchObject({ Severity: 'Information', UserId: '00000000000000000000000000000000' });
    expect(String(started?.Name)).toMatch(/^API key ".*" started Scan Media Library$/);
  });

  it('record stop requests', async () => {
    const id = idOf('LongTask');
    expect((await server.request('POST', `/ScheduledTasks/Running/${id}`)).status).toBe(204);
    expect((await server.request('DELETE', `/ScheduledTasks/Running/${id}`)).status).toBe(204);

    const entries = await waitFor(async () => {
      const items = await activityEntries();
      return items.some((entry) => entry.Type === 'TaskStopRequested') ? items : undefined;
    });
    const stopped = entries.find((entry) => entry.Type === 'TaskStopRequested');
    expect(String(stopped?.Name)).toMatch(/^API key ".*" stopped Long task$/);
  });

  it('record trigger changes', async () => {
    const triggers = [
      { Type: 'DailyTrigger', TimeOfDayTicks: 36_000_000_000 },
      { Type: 'IntervalTrigger', IntervalTicks: 24 * 36_000_000_000 },
    ];
    expect((await server.request('POST', `/ScheduledTasks/${idOf('CleanActivityLog')}/Triggers`, triggers)).status).toBe(204);

    const entries = await activityEntries();
    const changed = entries.find((entry) => entry.Type === 'TaskTriggersChanged');
    expect(String(changed?.Name)).toMatch(/^API key ".*" changed the triggers of Clean Activity Log$/);
    expect(changed?.ShortOverview).toBe('Daily at 01:00; Every 24 hours');
    expect(changed?.Overview).toBe('Triggers of Clean Activity Log changed to: Daily at 01:00; Every 24 hours');
    expect(changed?.Severity).toBe('Information');
    expect(typeof changed?.Date).toBe('string');
  });
});
