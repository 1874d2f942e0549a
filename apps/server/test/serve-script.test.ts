import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, expect, it } from 'vitest';

import { SERVE_NODE_OPTIONS, freePort, waitFor } from './support/server-process.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scripts = (JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

it('start builds, then runs the serve command', () => {
  expect(scripts.serve).toBe('NODE_ENV=production exec node --max-semi-space-size=4 apps/server/dist/main.mjs');
  expect(scripts.start).toBe(`pnpm run build && ${scripts.serve}`);
});

it('bundled test servers use the serve options', () => {
  expect(scripts.serve).toBe(`NODE_ENV=production exec node ${SERVE_NODE_OPTIONS.join(' ')} apps/server/dist/main.mjs`);
});

it('pnpm serve runs the bundle under pnpm and stops on SIGTERM', async () => {
  expect(existsSync(path.join(repositoryRoot, 'apps/server/dist/main.mjs')), 'run "pnpm build" first').toBe(true);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-serve-'));
  folders.push(dataDir);
  const port = await freePort();
  const pnpm = spawn('pnpm', ['serve'], {
    cwd: repositoryRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), TICKWORK_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  pnpm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  pnpm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => pnpm.once('exit', (code) => resolve(code)));

  try {
    const health = await waitFor(async () => {
      try {
        return await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      } catch {
        return undefined;
      }
    }, 60_000);
    expect(health).toMatchObject({ status: 'ok' });

    // `exec` replaces pnpm's shell, so the server is pnpm's own child and gets the signals pnpm forwards.
    const listening = output.split('\n').find((line) => line.includes('Tickwork is listening')) ?? '';
    const serverPid = (JSON.parse(listening) as { pid: number }).pid;
    const parentPid = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'))?.[1];
    expect(Number(parentPid)).toBe(pnpm.pid);

    pnpm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"Stopped"');
  } finally {
    if (pnpm.exitCode === null) pnpm.kill('SIGKILL');
    await exited;
  }
});
