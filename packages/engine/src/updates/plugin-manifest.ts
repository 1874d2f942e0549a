import { compareVersions, isVersion } from './versions.ts';

/** One version of a plugin in a Jellyfin plugin repository manifest. */
export interface ManifestVersion {
  version: string;
  targetAbi?: string;
  changelog?: string;
  sourceUrl?: string;
}

export interface ManifestPlugin {
  name: string;
  versions: ManifestVersion[];
}

/**
 * Reads a Jellyfin plugin repository manifest: a JSON array of plugins, each
 * with `name` and `versions` (`version`, `targetAbi`, `changelog`,
 * `sourceUrl`). Plugins and versions without a usable name or version are
 * left out and counted in `skipped`. Throws when the document is not an array.
 */
export function parsePluginManifest(document: unknown, url: string): { plugins: ManifestPlugin[]; skipped: number } {
  if (!Array.isArray(document)) {
    throw new Error(`${url} is not a Jellyfin plugin manifest: expected a JSON array of plugins.`);
  }
  const plugins: ManifestPlugin[] = [];
  let skipped = 0;
  for (const entry of document as Array<Record<string, unknown>>) {
    if (typeof entry?.name !== 'string' || entry.name === '' || !Array.isArray(entry.versions)) {
      skipped += 1;
      continue;
    }
    const versions: ManifestVersion[] = [];
    for (const item of entry.versions as Array<Record<string, unknown>>) {
      if (!isVersion(item?.version)) {
        skipped += 1;
        continue;
      }
      versions.push({
        version: item.version,
        targetAbi: isVersion(item.targetAbi) ? item.targetAbi : undefined,
        changelog: typeof item.changelog === 'string' ? item.changelog : undefined,
        sourceUrl: typeof item.sourceUrl === 'string' ? item.sourceUrl : undefined,
      });
    }
    plugins.push({ name: entry.name, versions });
  }
  return { plugins, skipped };
}

/** The newest version whose targetAbi is at most `abiVersion`, or undefined. */
export function newestCompatibleVersion(plugin: ManifestPlugin, abiVersion: string): ManifestVersion | undefined {
  let newest: ManifestVersion | undefined;
  for (const candidate of plugin.versions) {
    if (candidate.targetAbi !== undefined && compareVersions(candidate.targetAbi, abiVersion) > 0) continue;
    if (newest === undefined || compareVersions(candidate.version, newest.version) > 0) newest = candidate;
  }
  return newest;
}
