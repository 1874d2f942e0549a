import { readFileSync } from 'node:fs';

/** Tickwork's own version, from apps/server/package.json. */
export const TICKWORK_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * The version reported to Jellyfin clients in /System/Info/Public. Clients
 * such as @jellyfin/sdk's server discovery reject servers older than 10.x,
 * so this is the Jellyfin API level Tickwork implements, not its own version.
 */
export const SERVER_VERSION = '10.11.0';
