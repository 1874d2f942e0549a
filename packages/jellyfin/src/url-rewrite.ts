/** Path prefixes that old Emby and Jellyfin clients put before every route. */
const LEGACY_PREFIX = /^\/(emby|mediabrowser)(?=\/|$|\?)/i;

/**
 * Maps a request URL to the route table: strips the configured base path
 * (case-insensitive) and then a legacy `/emby` or `/mediabrowser` segment.
 * A URL outside the base path maps to a path no route matches.
 */
export function rewriteJellyfinUrl(url: string, basePath: string): string {
  let rest = url;
  if (basePath !== '') {
    const head = rest.slice(0, basePath.length);
    const after = rest.charAt(basePath.length);
    if (head.toLowerCase() !== basePath.toLowerCase() || (after !== '' && after !== '/' && after !== '?')) {
      return `/__outside-base-path__${url}`;
    }
    rest = rest.slice(basePath.length);
    if (rest === '' || rest.startsWith('?')) rest = `/${rest}`;
  }
  return rest.replace(LEGACY_PREFIX, '') || '/';
}

/** Normalises a configured base URL such as `jellyfin/` to `/jellyfin`; '' for none. */
export function normalizeBasePath(baseUrl: string | undefined): string {
  const trimmed = (baseUrl ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}
