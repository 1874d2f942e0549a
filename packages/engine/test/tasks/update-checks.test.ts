import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AvailableUpdateStore } from '../../src/store/available-update-store.ts';
import { createBuiltInTasks } from '../../src/tasks/index.ts';
import type { BuiltInTaskOptions } from '../../src/tasks/index.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';
import { TestWorld, deferred, runTaskToEnd } from '../support/harness.ts';

let world: TestWorld;
let feeds: Server;
let baseUrl: string;
/** Response bodies by path; a function writes the response itself. */
let routes: Record<string, unknown | ((response: import('node:http').ServerResponse) => void)>;

beforeEach(async () => {
  world = new TestWorld();
  routes = {};
  feeds = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    if (typeof route === 'function') {
      route(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(typeof route === 'string' ? route : JSON.stringify(route));
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await world.cleanup();
  feeds.closeAllConnections();
  await new Promise((resolve) => feeds.close(resolve));
});

function start(options: BuiltInTaskOptions) {
  return world.startEngine(createBuiltInTasks(options), new FakeClock(Date.now()));
}

const manifest = [
  {
    guid: 'a',
    name: 'Backup',
    versions: [
      { version: '1.2.0.0', targetAbi: '10.11.0.0', changelog: 'Faster', sourceUrl: 'https://example.invalid/backup-1.2.zip' },
      { version: '2.0.0.0', targetAbi: '10.12.0.0', changelog: 'Needs a newer server' },
      { version: '1.1.0.0', targetAbi: '10.10.0.0' },
    ],
  },
  { guid: 'b', name: 'Current', versions: [{ version: '3.0.0.0', targetAbi: '10.11.0.0' }] },
  { guid: 'c', name: 'Not installed', versions: [{ version: '1.0.0.0', targetAbi: '10.11.0.0' }] },
  { guid: 'd', versions: [] },
];

describe('Update Plugins', () => {
  it('records newer compatible versions of installed plugins', async () => {
    routes['/manifest.json'] = manifest;
    const { engine, database } = await start({
      pluginRepositoryUrls: [`${baseUrl}/manifest.json`],
      installedPlugins: () => [
        { name: 'backup', version: '1.0.0' },
        { name: 'Current', version: '3.0.0.0' },
      ],
    });

    const { result, lines } = await runTaskToEnd(engine, 'PluginUpdates');

    expect(result?.status).toBe('completed');
    const updates = await new AvailableUpdateStore(database.prisma).list('plugin');
    expect(updates).toEqual([
      expect.objectContaining({
        kind: 'plugin',
        name: 'backup',
        currentVersion: '1.0.0',
        latestVersion: '1.2.0.0',
        changelog: 'Faster',
        url: 'https://example.invalid/backup-1.2.zip',
        sourceUrl: `${baseUrl}/manifest.json`,
      }),
    ]);
    expect(lines).toEqual([
      `Read 3 plugins from ${baseUrl}/manifest.json; skipped 1 invalid entries.`,
      'Updates available: backup 1.0.0 → 1.2.0.0.',
    ]);
  });

  it('fails and keeps recorded updates when a manifest is unreachable', async () => {
    routes['/manifest.json'] = manifest;
    const installedPlugins = () => [{ name: 'Backup', version: '1.0.0' }];
    const { engine, database } = await start({ pluginRepositoryUrls: [`${baseUrl}/manifest.json`, `${baseUrl}/gone.json`], installedPlugins });
    routes['/gone.json'] = manifest;
    await runTaskToEnd(engine, 'PluginUpdates');
    delete routes['/gone.json'];

    const { result } = await runTaskToEnd(engine, 'PluginUpdates');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toContain(`Fetching ${baseUrl}/gone.json failed: HTTP 404 Not Found.`);
    expect(await new AvailableUpdateStore(database.prisma).list('plugin')).toHaveLength(1);
  });

  it('fails on a document that is not a manifest', async () => {
    routes['/manifest.json'] = { plugins: [] };
    const { engine } = await start({ pluginRepositoryUrls: [`${baseUrl}/manifest.json`] });

    const { result } = await runTaskToEnd(engine, 'PluginUpdates');

    expect(result?.errorMessage).toContain(`${baseUrl}/manifest.json is not a Jellyfin plugin manifest: expected a JSON array of plugins.`);
  });

  it('times out on a server that never answers', async () => {
    routes['/slow.json'] = () => {};
    const { engine } = await start({ pluginRepositoryUrls: [`${baseUrl}/slow.json`], updateCheckTimeoutMs: 300 });

    const { result } = await runTaskToEnd(engine, 'PluginUpdates');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toContain(`Fetching ${baseUrl}/slow.json timed out after 0.3 seconds.`);
  });

  it('stops a pending request when cancelled', async () => {
    const requested = deferred();
    routes['/slow.json'] = () => requested.resolve();
    const { engine } = await start({ pluginRepositoryUrls: [`${baseUrl}/slow.json`] });
    const id = engine.resolveTaskId('PluginUpdates') as string;

    engine.startTask(id);
    await requested.promise;
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
  });

  it('completes with a note when no repository is configured', async () => {
    const { engine } = await start({});

    const { result, lines } = await runTaskToEnd(engine, 'PluginUpdates');

    expect(result?.status).toBe('completed');
    expect(lines).toEqual(['No plugin repository is configured; set TICKWORK_PLUGIN_REPOSITORY_URLS to check for plugin updates.']);
  });
});

describe('Check for Server Updates', () => {
  const releases = [
    { tag_name: 'v1.3.0-rc.1', prerelease: true, html_url: 'https://example.invalid/rc' },
    { tag_name: 'v1.2.0', html_url: 'https://example.invalid/1.2.0', body: 'New tasks' },
    { tag_name: 'v1.10.0', draft: true },
    { tag_name: 'v0.9.0', html_url: 'https://example.invalid/0.9.0' },
  ];

  it('records a newer release', async () => {
    routes['/releases'] = releases;
    const { engine, database } = await start({ releaseFeedUrl: `${baseUrl}/releases`, serverVersion: '1.1.5' });

    const { result, lines } = await runTaskToEnd(engine, 'CheckForServerUpdates');

    expect(result?.status).toBe('completed');
    expect(await new AvailableUpdateStore(database.prisma).list('server')).toEqual([
      expect.objectContaining({
        name: 'Tickwork',
        currentVersion: '1.1.5',
        latestVersion: '1.2.0',
        url: 'https://example.invalid/1.2.0',
        changelog: 'New tasks',
      }),
    ]);
    expect(lines).toEqual(['Tickwork 1.2.0 is available; this server runs 1.1.5.']);
  });

  it('clears the record when up to date', async () => {
    routes['/releases'] = releases;
    const { engine, database } = await start({ releaseFeedUrl: `${baseUrl}/releases`, serverVersion: '1.1.5' });
    await runTaskToEnd(engine, 'CheckForServerUpdates');
    routes['/releases'] = releases.slice(3);

    const { lines } = await runTaskToEnd(engine, 'CheckForServerUpdates');

    expect(await new AvailableUpdateStore(database.prisma).list('server')).toEqual([]);
    expect(lines).toEqual([`Tickwork 1.1.5 is up to date (1 releases in ${baseUrl}/releases).`]);
  });

  it('stops a pending request when cancelled', async () => {
    const requested = deferred();
    routes['/releases'] = () => requested.resolve();
    const { engine } = await start({ releaseFeedUrl: `${baseUrl}/releases` });
    const id = engine.resolveTaskId('CheckForServerUpdates') as string;

    engine.startTask(id);
    await requested.promise;
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
  });

  it('fails on invalid JSON', async () => {
    routes['/releases'] = '<html>';
    const { engine } = await start({ releaseFeedUrl: `${baseUrl}/releases` });

    const { result } = await runTaskToEnd(engine, 'CheckForServerUpdates');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toMatch(new RegExp(`^${baseUrl}/releases did not return valid JSON`));
  });
});
