import { readFileSync } from 'node:fs';
import path from 'node:path';

import { prismaRoot } from './migration-files.ts';
import type { DatabaseProvider } from './provider.ts';

/**
 * Builds a provider's schema.prisma from prisma/models.prisma, the one source
 * of truth for the models, and a provider header.
 */
export function composeSchema(provider: DatabaseProvider): string {
  const models = readFileSync(path.join(prismaRoot, 'models.prisma'), 'utf8');
  const folder = provider === 'sqlite' ? 'sqlite' : 'postgres';
  const header = [
    '// Generated from ../models.prisma by `pnpm db:migration compose`. Edit that file, not this one.',
    '',
    'generator client {',
    '  provider = "prisma-client"',
    `  output   = "../../packages/db/generated/${folder}"`,
    '}',
    '',
    'datasource db {',
    `  provider = "${provider}"`,
    '}',
    '',
  ].join('\n');
  return `${header}\n${models}`;
}
