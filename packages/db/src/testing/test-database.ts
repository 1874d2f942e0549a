import pg from 'pg';

/** The PostgreSQL server tests use; set TICKWORK_TEST_POSTGRES_URL to use another. */
export const TEST_POSTGRES_ADMIN_URL =
  process.env.TICKWORK_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** URL of the new, empty database. */
  url: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

async function runAsAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates an empty PostgreSQL database with a unique name that starts with `prefix`. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) {
    throw new Error(`Invalid database name prefix "${prefix}": use lower-case letters, digits and underscores.`);
  }
  const name = `${prefix}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1000)}`;
  await runAsAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runAsAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
