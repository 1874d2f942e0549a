import { AvailableUpdateStore } from '../store/available-update-store.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { fetchJson } from '../updates/fetch-json.ts';
import { compareVersions, isVersion } from '../updates/versions.ts';

export interface ServerUpdateOptions {
  /** A GitHub-releases-style JSON feed: an array of `{ tag_name, html_url, body, draft, prerelease }`. */
  releaseFeedUrl?: string;
  currentVersion: string;
  timeoutMs: number;
}

interface Release {
  tag_name?: unknown;
  html_url?: unknown;
  body?: unknown;
  draft?: unknown;
  prerelease?: unknown;
}

export function checkForServerUpdatesTask(options: ServerUpdateOptions): TaskDefinition {
  return defineTask({
    key: 'CheckForServerUpdates',
    name: 'Check for Server Updates',
    description: 'Compares the running version with the configured release feed and records a newer release.',
    category: 'Application',
    defaultTriggers: [{ kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    async execute(context) {
      const { logger, signal } = context;
      const url = options.releaseFeedUrl;
      if (url === undefined) {
        logger.info('No release feed is configured; set TICKWORK_RELEASE_FEED_URL to check for server updates.');
        context.reportProgress(100);
        return;
      }

      const document = await fetchJson(url, signal, options.timeoutMs);
      if (!Array.isArray(document)) {
        throw new Error(`${url} is not a release feed: expected a JSON array of releases with "tag_name".`);
      }
      context.reportProgress(80);

      const newest = (document as Release[])
        .filter((release) => release?.draft !== true && release?.prerelease !== true && isVersion(release?.tag_name))
        .reduce<Release | undefined>(
          (best, release) =>
            best === undefined || compareVersions(release.tag_name as string, best.tag_name as string) > 0 ? release : best,
          undefined,
        );
      const store = new AvailableUpdateStore(context.db);
      if (newest === undefined || compareVersions(newest.tag_name as string, options.currentVersion) <= 0) {
        await store.replace('server', []);
        logger.info(`Tickwork ${options.currentVersion} is up to date (${document.length} releases in ${url}).`);
      } else {
        const latestVersion = (newest.tag_name as string).replace(/^v/i, '');
        await store.replace('server', [
          {
            kind: 'server',
            name: 'Tickwork',
            currentVersion: options.currentVersion,
            latestVersion,
            url: typeof newest.html_url === 'string' ? newest.html_url : undefined,
            changelog: typeof newest.body === 'string' ? newest.body : undefined,
            sourceUrl: url,
            checkedAt: Date.now(),
          },
        ]);
        logger.info(`Tickwork ${latestVersion} is available; this server runs ${options.currentVersion}.`);
      }
      context.reportProgress(100);
    },
  });
}
