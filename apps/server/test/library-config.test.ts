import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../src/config.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-config-'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function load(env: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: 'test', TICKWORK_DATA_DIR: dataDir, ...env }, '/base');
}

function writeConfig(content: unknown): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'config.json'), typeof content === 'string' ? content : JSON.stringify(content));
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('library configuration', () => {
  it('defaults to no libraries', () => {
    expect(load().libraries).toEqual([]);
  });

  it('reads libraries from config.json', () => {
    writeConfig({ libraries: [{ name: 'Movies', paths: ['/media/movies', 'more'] }] });

    expect(load().libraries).toEqual([{ name: 'Movies', paths: ['/media/movies', path.join(dataDir, 'more')] }]);
  });

  it('takes TICKWORK_LIBRARY_PATHS over the file', () => {
    writeConfig({ libraries: [{ name: 'Movies', paths: ['/media/movies'] }] });

    const { libraries } = load({ TICKWORK_LIBRARY_PATHS: ['/a/Movies', 'shows', '/b/Movies'].join(path.delimiter) });

    expect(libraries).toEqual([
      { name: 'Movies', paths: ['/a/Movies'] },
      { name: 'shows', paths: ['/base/shows'] },
      { name: 'Movies (2)', paths: ['/b/Movies'] },
    ]);
  });

  it('rejects invalid JSON and names the file', () => {
    writeConfig('{ "libraries": [');

    expect(errorOf(() => load())).toMatch(new RegExp(`${path.join(dataDir, 'config.json')} is not valid JSON: .*Fix the file or remove it\\.`));
  });

  it.each([
    [{ libraries: [{ name: '', paths: ['/m'] }] }, 'libraries[0].name must be a non-empty string.'],
    [{ libraries: [{ name: 'Movies', paths: [] }] }, 'libraries[0].paths must list at least one folder.'],
    [{ libraries: [{ name: 'Movies', paths: '/m' }] }, 'libraries[0].paths'],
    [{ libaries: [] }, 'libaries'],
    [
      { libraries: [{ name: 'Movies', paths: ['/a'] }, { name: 'movies', paths: ['/b'] }] },
      'libraries[1].name "movies" is used by another library; give each library its own name.',
    ],
  ])('rejects %j', (content, message) => {
    writeConfig(content);

    expect(errorOf(() => load())).toContain(message);
  });
});

describe('task settings', () => {
  it('have defaults', () => {
    const config = load();

    expect(config).toMatchObject({
      logRetentionDays: 3,
      activityLogRetentionDays: 30,
      pluginRepositoryUrls: [],
      updateCheckTimeoutMs: 30_000,
    });
    expect(config.ffmpegPath).toBeUndefined();
    expect(config.releaseFeedUrl).toBeUndefined();
  });

  it('read the variables', () => {
    const config = load({
      TICKWORK_FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg',
      TICKWORK_FFPROBE_PATH: '/opt/ffmpeg/bin/ffprobe',
      TICKWORK_LOG_RETENTION_DAYS: '7',
      TICKWORK_ACTIVITY_LOG_RETENTION_DAYS: '90',
      TICKWORK_PLUGIN_REPOSITORY_URLS: 'https://a.example/manifest.json, https://b.example/manifest.json',
      TICKWORK_RELEASE_FEED_URL: 'https://c.example/releases',
      TICKWORK_UPDATE_CHECK_TIMEOUT_SECONDS: '5',
    });

    expect(config).toMatchObject({
      ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
      ffprobePath: '/opt/ffmpeg/bin/ffprobe',
      logRetentionDays: 7,
      activityLogRetentionDays: 90,
      pluginRepositoryUrls: ['https://a.example/manifest.json', 'https://b.example/manifest.json'],
      releaseFeedUrl: 'https://c.example/releases',
      updateCheckTimeoutMs: 5000,
    });
  });

  it.each([
    ['TICKWORK_LOG_RETENTION_DAYS', '0', 'TICKWORK_LOG_RETENTION_DAYS="0" must be from 1 to 3650 days.'],
    ['TICKWORK_RELEASE_FEED_URL', 'ftp://x', 'TICKWORK_RELEASE_FEED_URL="ftp://x" must be an http:// or https:// URL.'],
    [
      'TICKWORK_PLUGIN_REPOSITORY_URLS',
      'https://ok.example/m.json nope',
      'TICKWORK_PLUGIN_REPOSITORY_URLS="https://ok.example/m.json nope" must list http:// or https:// URLs separated by commas or spaces.',
    ],
  ])('rejects %s=%s', (name, value, message) => {
    expect(errorOf(() => load({ [name]: value }))).toContain(message);
  });
});
