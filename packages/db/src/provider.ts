import path from 'node:path';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface DatabaseTarget {
  provider: DatabaseProvider;
  /** The URL handed to the driver adapter. */
  url: string;
  /** Absolute path of the SQLite file; undefined for PostgreSQL. */
  sqliteFile?: string;
}

/**
 * Resolves a DATABASE_URL into a provider and a driver URL.
 * Accepts `file:` URLs (relative paths resolve against `baseDir`) and
 * `postgres://` or `postgresql://` URLs.
 */
export function resolveDatabaseTarget(url: string, baseDir: string = process.cwd()): DatabaseTarget {
  if (url.startsWith('file:')) {
    const filePart = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (filePart.length === 0) {
      throw new Error(`Invalid DATABASE_URL "${url}": a file: URL needs a path, for example file:./data/tickwork.db.`);
    }
    const sqliteFile = path.resolve(baseDir, filePart);
    return { provider: 'sqlite', url: `file:${sqliteFile}`, sqliteFile };
  }

  if (/^postgres(ql)?:\/\//.test(url)) {
    return { provider: 'postgresql', url };
  }

  throw new Error(
    `Invalid DATABASE_URL "${redactUrl(url)}": use file:<path> for SQLite or postgresql://user@host:port/database for PostgreSQL.`,
  );
}

/** Hides a password in a URL so that it can be logged or shown in an error. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
