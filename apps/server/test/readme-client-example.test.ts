import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { ServerProcess } from './support/server-process.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverRoot = path.join(repositoryRoot, 'apps/server');
/** The folder the README names for the example (apps/server), with a file name of this test's own. */
const scriptFile = path.join(serverRoot, `readme-client-example-${process.pid}.ts`);

/** Returns the README's typed-client example: the ts block that calls createTickworkClient, unindented. */
function readmeExample(): string {
  const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)];
  const block = blocks.find((match) => match[2]?.includes('createTickworkClient('));
  if (block === undefined) throw new Error('README.md has no ts block that calls createTickworkClient');
  const indent = block[1] ?? '';
  return (block[2] ?? '')
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

let server: ServerProcess;

beforeAll(async () => {
  server = await ServerProcess.start({ quiet: true });
});

afterAll(async () => {
  rmSync(scriptFile, { force: true });
  await server?.destroy();
});

it('the README client example type-checks and runs', async () => {
  const example = readmeExample();
  expect(example).toContain("url: 'http://127.0.0.1:8096'");
  writeFileSync(scriptFile, example.replace("url: 'http://127.0.0.1:8096'", `url: '${server.url}'`));

  await run(
    path.join(repositoryRoot, 'node_modules/.bin/tsc'),
    ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--allowImportingTsExtensions', scriptFile],
    { cwd: serverRoot },
  );
  const { stdout } = await run(process.execPath, ['--import', 'tsx', scriptFile], {
    cwd: serverRoot,
    env: { ...process.env, TOKEN: server.apiKey },
    timeout: 30_000,
  });

  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^\d+ tasks$/);
  expect(lines).toContain('snapshot');
  expect(lines).toContain('runEnded');
  expect(lines.at(-1)).toBe('last run: completed');
}, 60_000);
