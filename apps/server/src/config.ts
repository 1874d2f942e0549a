import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { isValidTimeZone } from '@tickwork/engine';
import type { Library } from '@tickwork/engine';

import { ConfigError } from './config-error.ts';
import { librarySourceOf, loadLibraries } from './library-config.ts';
import type { LibrarySource } from './library-config.ts';

/** The server's configuration, validated and with every default filled in. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** SQLite's `synchronous` setting; see TICKWORK_SQLITE_SYNCHRONOUS in the README. */
  sqliteSynchronous: 'full' | 'normal';
  timeZone: string;
  /** Path prefix of every route, such as `/jellyfin`; '' for none. */
  basePath: string;
  /** The public URL, when TICKWORK_BASE_URL is a full URL. */
  publicUrl?: string;
  serverName: string;
  pluginsDir: string;
  cacheDir: string;
  transcodeDir: string;
  logDir: string;
  cacheRetentionDays: number;
  transcodeRetentionDays: number;
  logRetentionDays: number;
  activityLogRetentionDays: number;
  /** From TICKWORK_LIBRARY_PATHS, else `<data>/config.json`. */
  libraries: Library[];
  /** Where `libraries` came from, so the portal can show how to change them. */
  librarySource: LibrarySource;
  ffmpegPath?: string;
  ffprobePath?: string;
  pluginRepositoryUrls: string[];
  releaseFeedUrl?: string;
  updateCheckTimeoutMs: number;
  gracePeriodMs: number;
  startupDelayMs: number;
  misfirePolicy: 'runOnce' | 'skip';
  /** 0 means no limit. */
  maxConcurrentRuns: number;
  historyMaxRuns: number;
  historyMaxAgeDays: number;
  adminApiKey?: string;
  adminPassword?: string;
  logLevel: string;
}

export { ConfigError };

const integer = (min: number, max: number, unit = '') =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: `must be a whole number from ${min} to ${max}${unit}` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `must be from ${min} to ${max}${unit}` }).max(max, { error: `must be from ${min} to ${max}${unit}` }));

const optionalText = z
  .string()
  .transform((value) => (value.trim() === '' ? undefined : value))
  .optional();

/** Variables whose values never appear in an error message. */
const SECRET_VARIABLES = new Set(['TICKWORK_ADMIN_API_KEY', 'TICKWORK_ADMIN_PASSWORD', 'DATABASE_URL']);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** URLs separated by commas or white space. */
const urlList = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? [] : value.split(/[\s,]+/).filter((url) => url !== '')))
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must list http:// or https:// URLs separated by commas or spaces' })));

/** Every environment variable the server reads, with its rule. */
const environmentSchema = z.object({
  PORT: integer(0, 65535).optional(),
  HOST: optionalText,
  TICKWORK_DATA_DIR: optionalText,
  DATABASE_URL: optionalText,
  TICKWORK_TIME_ZONE: optionalText,
  TZ: optionalText,
  TICKWORK_BASE_URL: optionalText,
  TICKWORK_SERVER_NAME: optionalText,
  TICKWORK_PLUGINS_DIR: optionalText,
  TICKWORK_CACHE_DIR: optionalText,
  TICKWORK_TRANSCODE_DIR: optionalText,
  TICKWORK_LOG_DIR: optionalText,
  TICKWORK_CACHE_RETENTION_DAYS: integer(1, 3650, ' days').optional(),
  TICKWORK_TRANSCODE_RETENTION_DAYS: integer(1, 3650, ' days').optional(),
  TICKWORK_LOG_RETENTION_DAYS: integer(1, 3650, ' days').optional(),
  TICKWORK_ACTIVITY_LOG_RETENTION_DAYS: integer(1, 36500, ' days').optional(),
  TICKWORK_LIBRARY_PATHS: optionalText,
  TICKWORK_FFMPEG_PATH: optionalText,
  TICKWORK_FFPROBE_PATH: optionalText,
  TICKWORK_PLUGIN_REPOSITORY_URLS: optionalText.pipe(urlList),
  TICKWORK_RELEASE_FEED_URL: optionalText.pipe(httpUrl.optional()),
  TICKWORK_UPDATE_CHECK_TIMEOUT_SECONDS: integer(1, 600, ' seconds').optional(),
  TICKWORK_GRACE_PERIOD_SECONDS: integer(1, 3600, ' seconds').optional(),
  TICKWORK_STARTUP_DELAY_SECONDS: integer(0, 3600, ' seconds').optional(),
  TICKWORK_MISFIRE_POLICY: z
    .enum(['runOnce', 'skip'], { error: 'must be runOnce or skip' })
    .optional(),
  TICKWORK_MAX_CONCURRENT_RUNS: integer(0, 10_000, ' runs (0 for no limit)').optional(),
  TICKWORK_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal'], { error: 'must be full or normal' }).optional(),
  TICKWORK_HISTORY_MAX_RUNS: integer(1, 1_000_000, ' runs').optional(),
  TICKWORK_HISTORY_MAX_AGE_DAYS: integer(1, 36500, ' days').optional(),
  TICKWORK_ADMIN_API_KEY: optionalText,
  TICKWORK_ADMIN_PASSWORD: optionalText.pipe(
    z.string().min(8, { error: 'must have at least 8 characters' }).optional(),
  ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
});

/**
 * Reads the configuration from environment variables. Relative paths resolve
 * against `baseDir` (the folder the command was started in). Throws a
 * ConfigError naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv, baseDir: string): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const shown = SECRET_VARIABLES.has(name) ? '(hidden)' : JSON.stringify(env[name]);
      return `${name}=${shown} ${issue.message}.`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const values = parsed.data;

  const dataDir = path.resolve(baseDir, values.TICKWORK_DATA_DIR ?? 'data');
  const timeZone = values.TICKWORK_TIME_ZONE ?? values.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isValidTimeZone(timeZone)) {
    const variable = values.TICKWORK_TIME_ZONE !== undefined ? 'TICKWORK_TIME_ZONE' : 'TZ';
    throw new ConfigError(
      `Invalid configuration:\n  ${variable}=${JSON.stringify(timeZone)} is not an IANA time zone; use a name such as Europe/Berlin or UTC.`,
    );
  }

  const { basePath, publicUrl } = parseBaseUrl(values.TICKWORK_BASE_URL);
  const inData = (value: string | undefined, fallback: string) => path.resolve(dataDir, value ?? fallback);

  return {
    port: values.PORT ?? 8096,
    host: values.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: values.DATABASE_URL ?? `file:${path.join(dataDir, 'tickwork.db')}`,
    sqliteSynchronous: values.TICKWORK_SQLITE_SYNCHRONOUS ?? 'full',
    timeZone,
    basePath,
    publicUrl,
    serverName: values.TICKWORK_SERVER_NAME ?? os.hostname(),
    pluginsDir: inData(values.TICKWORK_PLUGINS_DIR, 'plugins'),
    cacheDir: inData(values.TICKWORK_CACHE_DIR, 'cache'),
    transcodeDir: inData(values.TICKWORK_TRANSCODE_DIR, 'transcodes'),
    logDir: inData(values.TICKWORK_LOG_DIR, 'log'),
    cacheRetentionDays: values.TICKWORK_CACHE_RETENTION_DAYS ?? 30,
    transcodeRetentionDays: values.TICKWORK_TRANSCODE_RETENTION_DAYS ?? 1,
    logRetentionDays: values.TICKWORK_LOG_RETENTION_DAYS ?? 3,
    activityLogRetentionDays: values.TICKWORK_ACTIVITY_LOG_RETENTION_DAYS ?? 30,
    libraries: loadLibraries(env, baseDir, dataDir),
    librarySource: librarySourceOf(env, dataDir),
    ffmpegPath: values.TICKWORK_FFMPEG_PATH,
    ffprobePath: values.TICKWORK_FFPROBE_PATH,
    pluginRepositoryUrls: values.TICKWORK_PLUGIN_REPOSITORY_URLS,
    releaseFeedUrl: values.TICKWORK_RELEASE_FEED_URL,
    updateCheckTimeoutMs: (values.TICKWORK_UPDATE_CHECK_TIMEOUT_SECONDS ?? 30) * 1000,
    gracePeriodMs: (values.TICKWORK_GRACE_PERIOD_SECONDS ?? 30) * 1000,
    startupDelayMs: (values.TICKWORK_STARTUP_DELAY_SECONDS ?? 3) * 1000,
    misfirePolicy: values.TICKWORK_MISFIRE_POLICY ?? 'runOnce',
    maxConcurrentRuns: values.TICKWORK_MAX_CONCURRENT_RUNS ?? 0,
    historyMaxRuns: values.TICKWORK_HISTORY_MAX_RUNS ?? 100,
    historyMaxAgeDays: values.TICKWORK_HISTORY_MAX_AGE_DAYS ?? 30,
    adminApiKey: values.TICKWORK_ADMIN_API_KEY,
    adminPassword: values.TICKWORK_ADMIN_PASSWORD,
    logLevel: values.LOG_LEVEL ?? 'info',
  };
}

/**
 * TICKWORK_BASE_URL is either a path (`/jellyfin`) or a full URL
 * (`https://media.example.com/jellyfin`); its path is the route prefix.
 */
function parseBaseUrl(value: string | undefined): { basePath: string; publicUrl?: string } {
  if (value === undefined) return { basePath: '' };
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(
        `Invalid configuration:\n  TICKWORK_BASE_URL=${JSON.stringify(value)} is not a valid URL; use a path such as /jellyfin or a URL such as https://host/jellyfin.`,
      );
    }
    return { basePath: normalizePath(url.pathname), publicUrl: value.replace(/\/+$/, '') };
  }
  if (!/^\/?[\w.~%!$&'()*+,;=:@/-]*$/.test(value)) {
    throw new ConfigError(
      `Invalid configuration:\n  TICKWORK_BASE_URL=${JSON.stringify(value)} is not a valid path; use a path such as /jellyfin.`,
    );
  }
  return { basePath: normalizePath(value) };
}

function normalizePath(value: string): string {
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}
