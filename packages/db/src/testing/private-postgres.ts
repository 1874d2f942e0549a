import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A PostgreSQL server of a test's own, in a temporary folder on a free port,
 * for tests that stop or restart the server: the machine's shared server
 * cannot be restarted while other test files use it.
 */
export interface PrivatePostgres {
  /** URL of the `postgres` database on this server (trust authentication). */
  url: string;
  /** Stops the server at once, as a crash would (`immediate` mode), and starts it again after `downMs`. */
  restart(downMs: number): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

/** Finds the folder of PostgreSQL's server programs (initdb, pg_ctl) on Debian and elsewhere. */
async function findServerBin(): Promise<string> {
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    if (existsSync(path.join(stdout.trim(), 'initdb'))) return stdout.trim();
  } catch {
    // No pg_config on the PATH: look in Debian's folders below.
  }
  const debianRoot = '/usr/lib/postgresql';
  const versions = existsSync(debianRoot) ? readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => path.join(debianRoot, version, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
  if (found === undefined) {
    throw new Error('initdb was not found (pg_config --bindir, /usr/lib/postgresql/*/bin); install the PostgreSQL server package (Debian: postgresql).');
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a private PostgreSQL server. PostgreSQL refuses to run
 * as root, so under root its programs run as the `postgres` user (runuser).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await findServerBin();
  const root = mkdtempSync(path.join(os.tmpdir(), 'tickwork-private-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(group.trim()));
  }
  const pgRun = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]) : run(path.join(bin, program), args);

  const port = await freePort();
  await pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off`;
  const start = () => pgRun('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(root, 'server.log'), '-w', 'start']);
  await start();

  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async restart(downMs) {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async destroy() {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
