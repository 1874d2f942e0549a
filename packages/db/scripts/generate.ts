// Generates both Prisma clients (SQLite and PostgreSQL) into packages/db/generated.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { schemaFile } from '../src/migration-files.ts';
import { composeSchema } from '../src/schema-compose.ts';
import type { DatabaseProvider } from '../src/provider.ts';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');

for (const provider of ['sqlite', 'postgresql'] as DatabaseProvider[]) {
  const file = schemaFile(provider);
  if (readFileSync(file, 'utf8') !== composeSchema(provider)) {
    console.error(`${file} is out of date with prisma/models.prisma. Run: pnpm db:migration compose`);
    process.exit(1);
  }

  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      // `prisma generate` looks for a schema-engine binary and would try to
      // download one, but never runs it; any existing file satisfies the check.
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    },
  });
}
