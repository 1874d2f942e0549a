import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TEST_PROVIDERS } from '../src/testing/index.ts';
import type { OpenedTestDatabase } from '../src/testing/index.ts';

const postgres = TEST_PROVIDERS.find((provider) => provider.name === 'PostgreSQL');

describe('PostgreSQL sessions', () => {
  let opened: OpenedTestDatabase;

  beforeAll(async () => {
    opened = await (postgres as NonNullable<typeof postgres>).open('tickwork_session');
  });

  afterAll(async () => {
    await opened.cleanup();
  });

  it('end transactions idle for 10 s', async () => {
    const rows = await opened.database.prisma.$queryRawUnsafe<Array<{ timeout: string }>>(
      `SELECT current_setting('idle_in_transaction_session_timeout') AS timeout`,
    );

    expect(rows[0]?.timeout).toBe('10s');
  });
});
