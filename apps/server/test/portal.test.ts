import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isPortalBuilt } from '@tickwork/web/portal';

import { startPortal } from '../src/portal.ts';
import { ServerProcess } from './support/server-process.ts';

describe('portal', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start();
  });
  afterAll(async () => {
    await server.destroy();
  });

  it('is built by pnpm build', () => {
    expect(isPortalBuilt()).toBe(true);
  });

  it('serves the sign-in page and its assets', async () => {
    const page = await fetch(`${server.url}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Sign in to Tickwork');

    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
  });

  it('leaves the REST and tRPC routes alone', async () => {
    expect((await server.request('GET', '/System/Ping')).status).toBe(200);
    expect((await server.request('GET', '/trpc/server.info')).status).toBe(200);
    const unknownPost = await server.request('POST', '/NoSuchRoute');
    expect(unknownPost.status).toBe(404);
    expect(unknownPost.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('loads Next.js on the first page request', () => {
    // The sign-in page test above made the first request.
    expect(server.jsonLogs().filter((line) => line.msg === 'Admin portal ready at /')).toHaveLength(1);
  });
});

describe('portal without a build', () => {
  it('is skipped with a log line naming the fix', async () => {
    const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-no-portal-'));
    const lines: Array<{ msg: string; portalDir?: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    try {
      expect(startPortal(logger, '', emptyDir)).toBeUndefined();
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }

    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toBe('The admin portal is not built, so / is not served; run "pnpm build" to build it');
    expect(lines[0]?.portalDir).toBe(emptyDir);
  });

  it('is skipped under a base path', async () => {
    const lines: Array<{ msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

    expect(startPortal(logger, '/jellyfin')).toBeUndefined();
    expect(lines[0]?.msg).toContain('unset TICKWORK_BASE_URL');
  });
});
