import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessLock {
  release(): void;
}

/** Thrown when another live process has the lock. The message explains how to resolve it. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

/**
 * Makes this process the only server on a SQLite file, through a lock file
 * beside it (`<file>.lock`) holding the owner's process id and host. A lock
 * left by a process that no longer runs is taken over. SQLite has no lease
 * or fencing, so two servers on one file would close each other's runs.
 */
export function acquireProcessLock(databaseFile: string): ProcessLock {
  const lockFile = `${databaseFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(lockFile, 'wx', 0o600);
      writeSync(descriptor, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(descriptor);
      return { release: () => rmSync(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const owner = readOwner(lockFile);
    if (owner !== undefined && owner.host === hostname() && isAlive(owner.pid)) {
      throw new DatabaseInUseError(
        `Another Tickwork server (process ${owner.pid}) is using the SQLite database ${databaseFile}. ` +
          'Stop that server first, or give this one its own TICKWORK_DATA_DIR or DATABASE_URL. ' +
          'Several servers can share one PostgreSQL database instead.',
      );
    }
    if (owner !== undefined && owner.host !== hostname()) {
      throw new DatabaseInUseError(
        `The SQLite database ${databaseFile} is locked by process ${owner.pid} on host ${owner.host}. ` +
          `If that server is gone, delete ${lockFile} and start again.`,
      );
    }
    // The owner is gone: the lock is stale.
    rmSync(lockFile, { force: true });
  }
  throw new DatabaseInUseError(`Could not lock the SQLite database ${databaseFile}; another server is starting. Try again.`);
}

function readOwner(lockFile: string): { pid: number; host: string } | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof owner.pid === 'number' && typeof owner.host === 'string') return { pid: owner.pid, host: owner.host };
  } catch {
    // An empty or half-written lock file counts as stale.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
