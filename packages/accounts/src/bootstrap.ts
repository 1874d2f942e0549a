import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Accounts } from './accounts.ts';
import { generateToken } from './secrets.ts';

export interface BootstrapOptions {
  dataDir: string;
  /** TICKWORK_ADMIN_API_KEY: an API key to make sure exists. */
  adminApiKey?: string;
  /** TICKWORK_ADMIN_PASSWORD: the password of the `admin` user. */
  adminPassword?: string;
}

export type BootstrapOutcome =
  | { kind: 'configured'; apiKey: boolean; adminUser: boolean }
  | { kind: 'generated'; passwordFile: string }
  | { kind: 'existing' };

export const ADMIN_USER_NAME = 'admin';
export const PASSWORD_FILE_NAME = 'admin-password.txt';

/**
 * Makes sure an administrator can sign in. The configured API key and admin
 * password are applied on every start. With neither and no user yet, the
 * first start creates `admin` with a random password, written to a file that
 * only the owner can read.
 */
export async function bootstrapAdmin(accounts: Accounts, options: BootstrapOptions): Promise<BootstrapOutcome> {
  if (options.adminApiKey !== undefined || options.adminPassword !== undefined) {
    if (options.adminApiKey !== undefined) await accounts.ensureApiKey(options.adminApiKey, 'TICKWORK_ADMIN_API_KEY');
    if (options.adminPassword !== undefined) await accounts.ensureUser(ADMIN_USER_NAME, options.adminPassword, true);
    return { kind: 'configured', apiKey: options.adminApiKey !== undefined, adminUser: options.adminPassword !== undefined };
  }

  if ((await accounts.userCount()) > 0) return { kind: 'existing' };

  const password = generateToken();
  const passwordFile = path.join(options.dataDir, PASSWORD_FILE_NAME);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  await accounts.createUser(ADMIN_USER_NAME, password, true);
  return { kind: 'generated', passwordFile };
}
