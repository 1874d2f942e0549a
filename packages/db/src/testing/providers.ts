import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '../client.ts';
import type { Database } from '../client.ts';
import { createTestDatabase } from './test-database.ts';

/** An open test database and the function that closes and deletes it. */
export interface OpenedTestDatabase {
  database: Database;
  cleanup(): Promise<void>;
}

export interface TestProvider {
  name: 'SQLite' | 'PostgreSQL';
  /** Opens a new, migrated database; `prefix` names its folder or PostgreSQL database. */
  open(prefix: string): Promise<OpenedTestDatabase>;
}

/** Both database providers, for tests that run against each (`describe.each`). */
export const TEST_PROVIDERS: TestProvider[] = [
  {
    name: 'SQLite',
    async open(prefix) {
      const folder = mkdtempSync(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-`));
      const database = await openDatabase({ url: `file:${path.join(folder, 'tickwork.db')}` });
      return {
        database,
        async cleanup() {
          await database.close();
          rmSync(folder, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open(prefix) {
      const created = await createTestDatabase(prefix);
      const database = await openDatabase({ url: created.url });
      return {
        database,
        async cleanup() {
          await database.close();
          await created.drop();
        },
      };
    },
  },
];
