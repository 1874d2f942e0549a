/** A parsed `Authorization: MediaBrowser …` header: the scheme as sent and its key/value parts. */
export interface AuthorizationHeader {
  scheme: string;
  params: Record<string, string>;
}

export type HeaderValues = Record<string, string | string[] | undefined>;

/** Schemes whose `Token` part carries a Jellyfin access token or API key, lower-cased. */
const TOKEN_SCHEMES: ReadonlySet<string> = new Set(['mediabrowser', 'emby']);

/** Headers read after the Authorization headers, in priority order (Node lower-cases header names). */
const TOKEN_HEADERS = ['x-emby-token', 'x-mediabrowser-token'] as const;

/** Query parameters read last, in priority order, matched case-insensitively. */
const TOKEN_QUERY_PARAMETERS = ['apikey', 'api_key'] as const;

/**
 * Parses a Jellyfin authorization header such as
 * `MediaBrowser Client="Web", Device="Firefox", DeviceId="abc", Version="10.11.0", Token="…"`.
 *
 * The scheme is the text before the first whitespace. The rest is a list of
 * `key=value` parts separated by commas outside double quotes. Values may be
 * quoted and are URL-decoded like .NET's WebUtility.UrlDecode, so `+` becomes a
 * space and a malformed `%` escape stays as it is. Keys are trimmed and kept
 * case-sensitive, a part without `=` is skipped, and a repeated key keeps its last
 * value. Returns undefined for a blank header.
 */
export function parseAuthorizationHeader(value: string): AuthorizationHeader | undefined {
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }

  const schemeEnd = trimmed.search(/\s/);
  const scheme = schemeEnd < 0 ? trimmed : trimmed.slice(0, schemeEnd);
  const paramText = schemeEnd < 0 ? '' : trimmed.slice(schemeEnd + 1);

  const params: Record<string, string> = {};
  for (const part of splitOutsideQuotes(paramText)) {
    const separator = part.indexOf('=');
    if (separator < 0) {
      continue;
    }

    const key = part.slice(0, separator).trim();
    if (key === '') {
      continue;
    }
    params[key] = urlDecode(unquote(part.slice(separator + 1).trim()));
  }

  return { scheme, params };
}

/**
 * Finds the access token or API key of a request. The sources are tried in
 * Jellyfin 10.11's order (legacy sources enabled, its default), and the first
 * non-empty token wins:
 *
 * 1. The `Token` part of `Authorization` with scheme MediaBrowser or Emby
 *    (case-insensitive). `X-Emby-Authorization` is read the same way, but only
 *    when `Authorization` is missing or empty.
 * 2. `X-Emby-Token`.
 * 3. `X-MediaBrowser-Token`.
 * 4. Query `ApiKey`, then query `api_key`, with names matched case-insensitively.
 *
 * `headers` uses Node's lower-cased header names. For a repeated header or query
 * parameter, the first value counts.
 */
export function extractToken(headers: HeaderValues, query: Record<string, unknown>): string | undefined {
  const authorizationHeader = nonEmptyValue(headers['authorization']) ?? nonEmptyValue(headers['x-emby-authorization']);
  const headerToken = authorizationHeader === undefined ? undefined : tokenFromAuthorization(authorizationHeader);
  if (isNonEmpty(headerToken)) {
    return headerToken;
  }

  for (const name of TOKEN_HEADERS) {
    const token = nonEmptyValue(headers[name]);
    if (isNonEmpty(token)) {
      return token;
    }
  }

  for (const name of TOKEN_QUERY_PARAMETERS) {
    const token = queryValue(query, name);
    if (isNonEmpty(token)) {
      return token;
    }
  }
  return undefined;
}

function tokenFromAuthorization(headerValue: string): string | undefined {
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(headerValue.trim());
  if (bearer !== null) {
    return bearer[1];
  }

  const header = parseAuthorizationHeader(headerValue);
  if (header === undefined || !TOKEN_SCHEMES.has(header.scheme.toLowerCase())) {
    return undefined;
  }
  return header.params['Token'];
}

function queryValue(query: Record<string, unknown>, lowerCaseName: string): string | undefined {
  for (const [name, value] of Object.entries(query)) {
    if (name.toLowerCase() !== lowerCaseName) {
      continue;
    }

    const text = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof text === 'string' && text !== '') {
      return text;
    }
  }
  return undefined;
}

/** Returns the first value of a header, or undefined when it is missing or empty. */
function nonEmptyValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === '' ? undefined : first;
}

function isNonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** Splits on commas that are not inside double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let isQuoted = false;
  let start = 0;

  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '"') {
      isQuoted = !isQuoted;
    } else if (character === ',' && !isQuoted) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1);
  }
  return text;
}

/**
 * Decodes `+` as a space and runs of `%XX` escapes as UTF-8 bytes. A `%` not
 * followed by two hex digits is kept literally, and invalid UTF-8 becomes U+FFFD,
 * so decoding never throws (unlike decodeURIComponent).
 */
function urlDecode(text: string): string {
  const decoder = new TextDecoder();
  return text.replaceAll('+', ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (escapes) => {
    const bytes = escapes
      .slice(1)
      .split('%')
      .map((hex) => Number.parseInt(hex, 16));
    return decoder.decode(new Uint8Array(bytes));
  });
}
