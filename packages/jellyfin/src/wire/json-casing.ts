/**
 * Returns a deep copy of a JSON value whose object keys start with a lower-case
 * letter (`IsHidden` becomes `isHidden`), the form Jellyfin writes for
 * `Accept: application/json; profile="CamelCase"`. Arrays and nested objects are
 * converted too. Other values are returned as they are.
 */
export function toCamelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(toCamelCaseKeys);
  }
  if (!isPlainObject(value)) {
    return value;
  }

  const entries = Object.entries(value).map(([key, entryValue]) => [lowerFirst(key), toCamelCaseKeys(entryValue)]);
  return Object.fromEntries(entries);
}

/**
 * Decides whether a response should use camelCase property names. It does when
 * the `application/json` entry of the Accept header with the highest quality
 * (the first one on a tie) carries `profile="CamelCase"`. Jellyfin's default is
 * PascalCase, so a missing header, a header without an `application/json` entry
 * or one that requests `profile="PascalCase"` gives false. Media types, parameter
 * names and the profile value are compared case-insensitively.
 */
export function wantsCamelCase(acceptHeader: string | undefined): boolean {
  if (acceptHeader === undefined) {
    return false;
  }

  let best: { quality: number; profile: string | undefined } | undefined;
  for (const mediaRange of acceptHeader.split(',')) {
    const [mediaType = '', ...parameterTexts] = mediaRange.split(';');
    if (mediaType.trim().toLowerCase() !== 'application/json') {
      continue;
    }

    const parameters = parseParameters(parameterTexts);
    const quality = parseQuality(parameters.get('q'));
    if (quality <= 0) {
      continue;
    }
    if (best === undefined || quality > best.quality) {
      best = { quality, profile: parameters.get('profile') };
    }
  }

  return best?.profile?.toLowerCase() === 'camelcase';
}

/** Parses `name=value` media-type parameters into a map with lower-cased names and unquoted values. */
function parseParameters(parameterTexts: string[]): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const text of parameterTexts) {
    const separator = text.indexOf('=');
    if (separator < 0) {
      continue;
    }

    const name = text.slice(0, separator).trim().toLowerCase();
    const value = text.slice(separator + 1).trim().replace(/^"(.*)"$/, '$1');
    parameters.set(name, value);
  }
  return parameters;
}

/** Reads an Accept `q` weight. A missing or unreadable weight counts as 1, the HTTP default. */
function parseQuality(text: string | undefined): number {
  if (text === undefined) {
    return 1;
  }

  const quality = Number(text);
  return Number.isFinite(quality) ? quality : 1;
}

function lowerFirst(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
