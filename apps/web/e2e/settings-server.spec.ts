import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '../../../packages/db/src/index.ts';
import { expect, signIn, startTickwork, test } from './support/fixtures.ts';

test('nodes list marks this node', async ({ page, server }) => {
  const database = await openDatabase({ url: `file:${path.join(server.dataDir, 'tickwork.db')}`, migrate: false });
  const now = Date.now();
  try {
    await database.prisma.node.create({
      data: {
        id: 'old-host:41',
        hostname: 'old-host',
        pid: 41,
        version: '0.0.9',
        startedAt: new Date(now - 3 * 3_600_000),
        lastSeenAt: new Date(now - 2 * 3_600_000),
      },
    });
  } finally {
    await database.close();
  }
  const refetched = page.waitForRequest((request) => request.url().includes('nodes.list'), { timeout: 30_000 });

  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const nodes = page.getByRole('region', { name: 'Nodes' });
  const items = nodes.getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(nodes.getByText(/removes itself from this list when it stops\.$/)).toBeVisible();
  await expect(nodes.getByText(/removes the nodes of earlier processes when it starts\.$/)).toBeVisible();

  const self = items.first();
  await expect(self.getByText('this node', { exact: true })).toBeVisible();
  await expect(self.getByText('lease current', { exact: true })).toBeVisible();
  await expect(self.getByText(`process ${server.child.pid}`, { exact: false })).toBeVisible();
  await expect(self.getByText(/^Started .+ (UTC|GMT|[A-Z]{3,4}) · last seen just now$/)).toBeVisible();

  const old = nodes.getByRole('listitem', { name: 'Node old-host:41' });
  await expect(old.getByText('lease expired', { exact: true })).toBeVisible();
  await expect(old.getByText('this node', { exact: true })).toHaveCount(0);
  await expect(old.getByText(/last seen 2 hours ago$/)).toBeVisible();

  // The list is fetched again while the page stays open.
  await refetched;
  const second = page.waitForRequest((request) => request.url().includes('nodes.list'), { timeout: 15_000 });
  await second;
});

test('settings names the time zone', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await expect(page.getByText(`Times are in your browser's time zone, ${zone}`)).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'User admin' }).getByText(/^Last signed in .+ [A-Z]{3,4}$/)).toBeVisible();
});

test('no libraries names the config file', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const libraries = page.getByRole('region', { name: 'Libraries' });

  await expect(libraries.getByText('No libraries are configured, so Scan Media Library has nothing to scan.')).toBeVisible();
  await expect(libraries.getByTestId('library-source')).toContainText(path.join(server.dataDir, 'config.json'));
  await expect(libraries.getByTestId('library-source')).toContainText('restart the server');
});

test('libraries from the variable are listed', async ({ page }) => {
  const media = mkdtempSync(path.join(os.tmpdir(), 'tickwork-e2e-media-'));
  const movies = path.join(media, 'Movies');
  const music = path.join(media, 'Music');
  const server = await startTickwork({ env: { TICKWORK_LIBRARY_PATHS: [movies, music].join(path.delimiter) } });
  try {
    await signIn(page, server);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const libraries = page.getByRole('region', { name: 'Libraries' });

    await expect(libraries.getByRole('listitem', { name: 'Library Movies' }).getByText(movies, { exact: true })).toBeVisible();
    await expect(libraries.getByRole('listitem', { name: 'Library Music' }).getByText(music, { exact: true })).toBeVisible();
    await expect(libraries.getByTestId('library-source')).toContainText('TICKWORK_LIBRARY_PATHS environment variable');
    await expect(libraries.getByRole('textbox')).toHaveCount(0);
  } finally {
    await server.destroy();
    rmSync(media, { recursive: true, force: true });
  }
});
