export type BooleanQueryParseResult = { ok: true; value: boolean | undefined } | { ok: false; message: string };

/**
 * Parses an optional boolean query parameter such as `isHidden`. Accepts `true`
 * and `false` in any letter case, with surrounding whitespace, as .NET's
 * bool.Parse does. A missing or empty value is undefined. Anything else returns
 * a message that names the parameter and the value. For a repeated parameter,
 * the first value counts.
 */
export function parseBooleanQuery(name: string, value: unknown): BooleanQueryParseResult {
  const raw = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (raw === undefined || raw === '') {
    return { ok: true, value: undefined };
  }
  if (typeof raw === 'boolean') {
    return { ok: true, value: raw };
  }

  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (text === 'true') {
    return { ok: true, value: true };
  }
  if (text === 'false') {
    return { ok: true, value: false };
  }
  return { ok: false, message: `The value ${JSON.stringify(raw) ?? String(raw)} is not valid for ${name}. Use true or false.` };
}
