export { AccountError, Accounts, MIN_PASSWORD_LENGTH, TOKEN_CACHE_TTL_MS } from './accounts.ts';
export type { ApiKeyInfo, DeviceInfo, Principal, User } from './accounts.ts';
export { ADMIN_USER_NAME, PASSWORD_FILE_NAME, bootstrapAdmin } from './bootstrap.ts';
export type { BootstrapOptions, BootstrapOutcome } from './bootstrap.ts';
export { generateToken, hashPassword, hashToken, verifyPassword } from './secrets.ts';
export { extractToken, parseAuthorizationHeader } from './token-sources.ts';
export type { AuthorizationHeader, HeaderValues } from './token-sources.ts';
export { actorOf } from './actor.ts';
