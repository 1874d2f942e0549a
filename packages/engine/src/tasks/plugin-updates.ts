import type { InstalledPlugin } from '../plugins.ts';
import { AvailableUpdateStore } from '../store/available-update-store.ts';
import type { AvailableUpdate } from '../store/available-update-store.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskDefinition } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';
import { fetchJson } from '../updates/fetch-json.ts';
import { newestCompatibleVersion, parsePluginManifest } from '../updates/plugin-manifest.ts';
import type { ManifestPlugin } from '../updates/plugin-manifest.ts';
import { compareVersions } from '../updates/versions.ts';

export interface PluginUpdateOptions {
  /** Jellyfin-format plugin repository manifests. */
  manifestUrls: string[];
  timeoutMs: number;
  /** Plugin versions whose targetAbi is newer than this are ignored. */
  abiVersion: string;
  /** The installed plugins, read when the task runs. */
  installedPlugins: () => InstalledPlugin[];
}

export function pluginUpdatesTask(options: PluginUpdateOptions): TaskDefinition {
  return defineTask({
    key: 'PluginUpdates',
    typeName: JELLYFIN_TASK_TYPE_NAMES.PluginUpdates,
    name: 'Update Plugins',
    description:
      'Reads the configured plugin repositories and records updates for installed plugins. Nothing is downloaded or installed.',
    category: 'Application',
    defaultTriggers: [{ kind: 'startup' }, { kind: 'interval', intervalTicks: 24 * TICKS_PER_HOUR }],
    async execute(context) {
      const { logger, signal } = context;
      if (options.manifestUrls.length === 0) {
        logger.info('No plugin repository is configured; set TICKWORK_PLUGIN_REPOSITORY_URLS to check for plugin updates.');
        context.reportProgress(100);
        return;
      }

      const available: Array<{ plugin: ManifestPlugin; sourceUrl: string }> = [];
      const failures: string[] = [];
      for (const [index, url] of options.manifestUrls.entries()) {
        try {
          const { plugins, skipped } = parsePluginManifest(await fetchJson(url, signal, options.timeoutMs), url);
          for (const plugin of plugins) available.push({ plugin, sourceUrl: url });
          logger.info(`Read ${plugins.length} plugins from ${url}${skipped > 0 ? `; skipped ${skipped} invalid entries` : ''}.`);
        } catch (error) {
          signal.throwIfAborted();
          failures.push((error as Error).message);
          logger.error((error as Error).message);
        }
        context.reportProgress(((index + 1) / options.manifestUrls.length) * 90);
      }
      if (failures.length > 0) {
        throw new Error(`Could not read ${failures.length} of ${options.manifestUrls.length} plugin repositories; recorded updates were left unchanged. ${failures.join(' ')}`);
      }

      const checkedAt = Date.now();
      const updates: AvailableUpdate[] = [];
      for (const installed of options.installedPlugins()) {
        const best = newestFor(installed, available, options.abiVersion);
        if (best === undefined || compareVersions(best.version.version, installed.version) <= 0) continue;
        updates.push({
          kind: 'plugin',
          name: installed.name,
          currentVersion: installed.version,
          latestVersion: best.version.version,
          url: best.version.sourceUrl,
          changelog: best.version.changelog,
          sourceUrl: best.sourceUrl,
          checkedAt,
        });
      }
      await new AvailableUpdateStore(context.db).replace('plugin', updates);
      context.reportProgress(100);
      logger.info(
        updates.length === 0
          ? 'All installed plugins are up to date.'
          : `Updates available: ${updates.map((update) => `${update.name} ${update.currentVersion} → ${update.latestVersion}`).join(', ')}.`,
      );
    },
  });
}

function newestFor(
  installed: InstalledPlugin,
  available: Array<{ plugin: ManifestPlugin; sourceUrl: string }>,
  abiVersion: string,
) {
  let best: { version: NonNullable<ReturnType<typeof newestCompatibleVersion>>; sourceUrl: string } | undefined;
  for (const { plugin, sourceUrl } of available) {
    if (plugin.name.toLowerCase() !== installed.name.toLowerCase()) continue;
    const version = newestCompatibleVersion(plugin, abiVersion);
    if (version !== undefined && (best === undefined || compareVersions(version.version, best.version.version) > 0)) {
      best = { version, sourceUrl };
    }
  }
  return best;
}
