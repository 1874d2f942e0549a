import { retryTransient } from '@tickwork/db';
import type { Db } from '@tickwork/db';

import { generateToken, hashPassword, hashToken, newId, verifyPassword } from './secrets.ts';

export interface User {
  id: string;
  name: string;
  isAdmin: boolean;
  isDisabled: boolean;
  createdAt: number;
  lastLoginAt?: number;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

export interface DeviceInfo {
  client?: string;
  device?: string;
  deviceId?: string;
  appVersion?: string;
}

/** The owner of a token. API keys have no user and always act as administrators. */
export type Principal =
  | { kind: 'user'; user: User; isAdmin: boolean; accessTokenId: string; device: DeviceInfo }
  | { kind: 'apiKey'; apiKeyId: string; name: string; isAdmin: true };

const USER_NAME_PATTERN = /^[\p{L}\p{N} ._@'-]{1,64}$/u;
/**
 * Resolved tokens are cached this long, so most requests need no database
 * query. A token revoked by another process (the CLI) stops working within it.
 */
export const TOKEN_CACHE_TTL_MS = 5_000;
/** Shortest password accepted for a new or changed password. */
export const MIN_PASSWORD_LENGTH = 8;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

/**
 * Users, their access tokens and API keys. Secrets are stored only as hashes.
 * Resolved tokens are cached in memory for a short time, and every change
 * made through this class clears the cache at once.
 */
export class Accounts {
  readonly #db: Db;
  readonly #tokenCache = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** Creates a user. Names are unique regardless of case. */
  async createUser(name: string, password: string, isAdmin: boolean): Promise<User> {
    const trimmed = name.trim();
    if (!USER_NAME_PATTERN.test(trimmed)) {
      throw new AccountError(
        `Invalid user name "${name}": use 1 to 64 letters, digits, spaces or the characters . _ @ ' -.`,
      );
    }
    checkPassword(password);

    const existing = await this.#db.user.findUnique({ where: { normalizedName: trimmed.toLowerCase() } });
    if (existing !== null) throw new AccountError(`A user named "${existing.name}" already exists.`);

    const row = await this.#db.user.create({
      data: {
        id: newId(),
        name: trimmed,
        normalizedName: trimmed.toLowerCase(),
        passwordHash: await hashPassword(password),
        isAdmin,
      },
    });
    return toUser(row);
  }

  /** Sets a user's password and admin flag, creating the user if needed. */
  async ensureUser(name: string, password: string, isAdmin: boolean): Promise<User> {
    const row = await this.#db.user.findUnique({ where: { normalizedName: name.toLowerCase() } });
    if (row === null) return this.createUser(name, password, isAdmin);
    checkPassword(password);

    const samePassword = await verifyPassword(password, row.passwordHash);
    const updated = await this.#db.user.update({
      where: { id: row.id },
      data: { isAdmin, isDisabled: false, ...(samePassword ? {} : { passwordHash: await hashPassword(password) }) },
    });
    this.#tokenCache.clear();
    return toUser(updated);
  }

  async userCount(): Promise<number> {
    return this.#db.user.count();
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.#db.user.findMany({ orderBy: { normalizedName: 'asc' } });
    return rows.map(toUser);
  }

  /**
   * Checks a user name and password and issues an access token. Returns
   * undefined for an unknown user, a wrong password or a disabled user.
   */
  async authenticate(
    name: string,
    password: string,
    device: DeviceInfo,
  ): Promise<{ user: User; accessToken: string; accessTokenId: string } | undefined> {
    const row = await this.#db.user.findUnique({ where: { normalizedName: name.trim().toLowerCase() } });
    if (row === null) {
      // Spend the time a real check takes, so response times do not reveal which names exist.
      await verifyPassword(password, await getDummyHash());
      return undefined;
    }
    if (!(await verifyPassword(password, row.passwordHash)) || row.isDisabled) return undefined;

    const accessToken = generateToken();
    const accessTokenId = newId();
    const now = new Date();
    await this.#db.$transaction([
      this.#db.accessToken.create({
        data: {
          id: accessTokenId,
          tokenHash: hashToken(accessToken),
          userId: row.id,
          client: device.client ?? null,
          device: device.device ?? null,
          deviceId: device.deviceId ?? null,
          appVersion: device.appVersion ?? null,
        },
      }),
      this.#db.user.update({ where: { id: row.id }, data: { lastLoginAt: now } }),
    ]);
    return { user: toUser({ ...row, lastLoginAt: now }), accessToken, accessTokenId };
  }

  /** Revokes one access token (sign-out). */
  async revokeAccessToken(accessTokenId: string): Promise<void> {
    await this.#db.accessToken.updateMany({ where: { id: accessTokenId, revokedAt: null }, data: { revokedAt: new Date() } });
    this.#tokenCache.clear();
  }

  /** Creates an API key and returns its token; the token is not stored and cannot be shown again. */
  async createApiKey(name: string): Promise<{ key: ApiKeyInfo; token: string }> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 128) {
      throw new AccountError(`Invalid API key name "${name}": use 1 to 128 characters.`);
    }
    const token = generateToken();
    const row = await this.#db.apiKey.create({ data: { id: newId(), name: trimmed, tokenHash: hashToken(token) } });
    return { key: toApiKey(row), token };
  }

  /** Makes sure an API key with exactly this token exists and is not revoked. */
  async ensureApiKey(token: string, name: string): Promise<ApiKeyInfo> {
    if (token.trim().length < 16) {
      throw new AccountError('Invalid API key: use at least 16 characters, for example 32 random hex digits.');
    }
    const tokenHash = hashToken(token);
    const row = await this.#db.apiKey.upsert({
      where: { tokenHash },
      create: { id: newId(), name, tokenHash },
      update: { revokedAt: null },
    });
    this.#tokenCache.clear();
    return toApiKey(row);
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const rows = await this.#db.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(toApiKey);
  }

  /** Revokes an API key by id. Returns false when no such active key exists. */
  async revokeApiKey(id: string): Promise<boolean> {
    const result = await this.#db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    this.#tokenCache.clear();
    return result.count > 0;
  }

  /**
   * Finds who a token belongs to: a user's access token first, then an API
   * key. Returns undefined for unknown, revoked or disabled-user tokens.
   */
  async resolveToken(token: string, now: number = Date.now()): Promise<Principal | undefined> {
    const tokenHash = hashToken(token);
    const cached = this.#tokenCache.get(tokenHash);
    if (cached !== undefined && cached.expiresAt > now) return cached.principal;

    const principal = await retryTransient(() => this.#lookUp(tokenHash));
    if (principal === undefined) {
      this.#tokenCache.delete(tokenHash);
      return undefined;
    }
    if (this.#tokenCache.size >= TOKEN_CACHE_MAX_ENTRIES) this.#tokenCache.clear();
    this.#tokenCache.set(tokenHash, { principal, expiresAt: now + TOKEN_CACHE_TTL_MS });
    return principal;
  }

  async #lookUp(tokenHash: string): Promise<Principal | undefined> {
    const access = await this.#db.accessToken.findUnique({ where: { tokenHash }, include: { user: true } });
    if (access !== null) {
      if (access.revokedAt !== null || access.user.isDisabled) return undefined;
      return {
        kind: 'user',
        user: toUser(access.user),
        isAdmin: access.user.isAdmin,
        accessTokenId: access.id,
        device: {
          client: access.client ?? undefined,
          device: access.device ?? undefined,
          deviceId: access.deviceId ?? undefined,
          appVersion: access.appVersion ?? undefined,
        },
      };
    }

    const key = await this.#db.apiKey.findUnique({ where: { tokenHash } });
    if (key === null || key.revokedAt !== null) return undefined;
    return { kind: 'apiKey', apiKeyId: key.id, name: key.name, isAdmin: true };
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(
      `Invalid password: it has ${password.length} characters; use at least ${MIN_PASSWORD_LENGTH}.`,
    );
  }
}

/** An account operation was given bad input; the message names the value and the fix. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
}

/** A valid hash of a random password, checked against for unknown user names. */
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(generateToken());
  return dummyHash;
}

function toUser(row: {
  id: string;
  name: string;
  isAdmin: boolean;
  isDisabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}): User {
  return {
    id: row.id,
    name: row.name,
    isAdmin: row.isAdmin,
    isDisabled: row.isDisabled,
    createdAt: row.createdAt.getTime(),
    lastLoginAt: row.lastLoginAt?.getTime(),
  };
}

function toApiKey(row: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.getTime(),
    lastUsedAt: row.lastUsedAt?.getTime(),
    revokedAt: row.revokedAt?.getTime(),
  };
}
