import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';

import { LONG_TASK_PLUGIN, SMALL_TASKS_PLUGIN } from './support/plugins.ts';
import { ServerProcess, waitFor } from './support/server-process.ts';

interface TaskInfo {
  Id: string;
  Key: string;
  State: string;
  Triggers: unknown[];
  LastExecutionResult?: { Status: string; StartTimeUtc: string; EndTimeUtc: string };
}

const plugins = { 'long.mjs': LONG_TASK_PLUGIN, 'small.mjs': SMALL_TASKS_PLUGIN };
const folders: string[] = [];
const servers: ServerProcess[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await ServerProcess.start({ dataDir, plugins, env: { TICKWORK_ADMIN_API_KEY: 'a'.repeat(32), ...env } });
  servers.push(server);
  return server;
}

async function task(server: ServerProcess, key: string): Promise<TaskInfo> {
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as TaskInfo[];
  return tasks.find((candidate) => candidate.Key === key) as TaskInfo;
}

describe('a server killed during a run', () => {
  it('closes the open run as Aborted', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-crash-'));
    folders.push(dataDir);
    const first = await start(dataDir);
    const quick = await task(first, 'QuickTask');
    const long = await task(first, 'LongTask');
    const triggers = [{ Type: 'DailyTrigger', TimeOfDayTicks: 72_000_000_000 }];

    expect((await first.request('POST', `/ScheduledTasks/${long.Id}/Triggers`, triggers)).status).toBe(204);
    expect((await first.request('POST', `/ScheduledTasks/Running/${quick.Id}`)).status).toBe(204);
    await waitFor(async () => ((await task(first, 'QuickTask')).LastExecutionResult ? true : undefined));
    expect((await first.request('POST', `/ScheduledTasks/Running/${long.Id}`)).status).toBe(204);
    await waitFor(async () => ((await task(first, 'LongTask')).State === 'Running' ? true : undefined));
    // The state turns Running before the run row is written; give the insert time to commit.
    await new Promise((resolve) => setTimeout(resolve, 300));

    await first.stop('SIGKILL');
    const second = await start(dataDir);
    const afterLong = await task(second, 'LongTask');
    const afterQuick = await task(second, 'QuickTask');

    expect(afterLong.State).toBe('Idle');
    expect(afterLong.LastExecutionResult?.Status).toBe('Aborted');
    expect(afterLong.Triggers).toEqual(triggers);
    expect(afterQuick.LastExecutionResult?.Status).toBe('Completed');

    const database = await openDatabase({ url: `file:${path.join(dataDir, 'tickwork.db')}`, migrate: false });
    try {
      const runs = await database.prisma.run.findMany({ orderBy: { startedAt: 'asc' } });
      expect(runs.map((run) => [run.taskKey, run.status])).toEqual([
        ['QuickTask', 'Completed'],
        ['LongTask', 'Aborted'],
      ]);
      expect(runs[1]?.cancelReason).toBe('crash');
      expect(runs.every((run) => run.endedAt !== null)).toBe(true);
    } finally {
      await database.close();
    }
    expect(second.jsonLogs().some((line) => line.msg === 'Closed a run left open by a stopped process as Aborted')).toBe(true);
  });
});

describe('a server stopped with SIGTERM during a run', () => {
  it('records the run as Aborted and exits cleanly', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-term-'));
    folders.push(dataDir);
    const server = await start(dataDir, { TICKWORK_GRACE_PERIOD_SECONDS: '5' });
    const long = await task(server, 'LongTask');

    await server.request('POST', `/ScheduledTasks/Running/${long.Id}`);
    await waitFor(async () => ((await task(server, 'LongTask')).State === 'Running' ? true : undefined));
    const exitCode = await server.stop('SIGTERM');

    expect(exitCode).toBe(0);
    const database = await openDatabase({ url: `file:${path.join(dataDir, 'tickwork.db')}`, migrate: false });
    try {
      const run = await database.prisma.run.findFirstOrThrow({ where: { taskKey: 'LongTask' } });
      expect(run.status).toBe('Aborted');
      expect(run.cancelReason).toBe('shutdown');
      expect(run.endedAt).not.toBeNull();
    } finally {
      await database.close();
    }
  });
});

describe('the node list after restarts on SQLite', () => {
  it('lists only the running server', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-nodes-'));
    folders.push(dataDir);
    const nodeCount = async () => {
      const database = await openDatabase({ url: `file:${path.join(dataDir, 'tickwork.db')}`, migrate: false });
      try {
        return await database.prisma.node.count();
      } finally {
        await database.close();
      }
    };

    const first = await start(dataDir);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await nodeCount()).toBe(0);
    const second = await start(dataDir);
    await second.stop('SIGKILL');
    expect(await nodeCount()).toBe(1);
    const third = await start(dataDir);

    const response = await third.request('GET', '/trpc/nodes.list');
    const nodes = ((await response.json()) as { result: { data: Array<{ pid: number; isThisNode: boolean }> } }).result.data;

    expect(response.status).toBe(200);
    expect(nodes.map((node) => [node.pid, node.isThisNode])).toEqual([[third.child.pid, true]]);
  });
});

describe('a second server on the same SQLite file', () => {
  it('refuses to start and names the database and the fix', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-twice-'));
    folders.push(dataDir);
    const first = await start(dataDir);

    await expect(start(dataDir)).rejects.toThrow(/Another Tickwork server \(process \d+\) is using the SQLite database .*tickwork\.db/);
    expect((await first.request('GET', '/System/Ping')).status).toBe(200);
  });
});

describe('plugins and configuration at start', () => {
  it('skips a broken plugin and serves the others', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-plugins-'));
    folders.push(dataDir);
    const server = await ServerProcess.start({
      dataDir,
      plugins: { ...plugins, 'broken.mjs': "throw new Error('this plugin is broken');\n", 'bad-definition.js': 'module.exports = { key: 42 };\n' },
    });
    servers.push(server);

    const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as TaskInfo[];

    expect(tasks.map((candidate) => candidate.Key)).toContain('LongTask');
    const failures = server.jsonLogs().filter((line) => line.msg === 'Failed to load plugin; skipped');
    expect(failures.map((line) => path.basename(String(line.file))).sort()).toEqual(['bad-definition.js', 'broken.mjs']);
  });

  it('refuses to start with an invalid setting and names it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-config-'));
    folders.push(dataDir);

    await expect(
      ServerProcess.start({ dataDir, env: { PORT: 'eighty', TICKWORK_MISFIRE_POLICY: 'sometimes', TICKWORK_SQLITE_SYNCHRONOUS: 'off' } }),
    ).rejects.toThrow(
      /PORT="eighty" must be a whole number from 0 to 65535[\s\S]*TICKWORK_MISFIRE_POLICY="sometimes" must be runOnce or skip[\s\S]*TICKWORK_SQLITE_SYNCHRONOUS="off" must be full or normal/,
    );
  });
});
