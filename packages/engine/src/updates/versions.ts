/**
 * Compares dotted version strings numerically (`10.11.2` < `10.11.10`). A
 * leading `v` and a suffix after `-` or `+` are ignored, and missing parts
 * count as 0, so `1.2` equals `1.2.0.0`.
 */
export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** True for `1.2.3`, `v1.2.3` and `1.2.3.0-beta`. */
export function isVersion(value: unknown): value is string {
  return typeof value === 'string' && /^v?\d+(\.\d+)*([-+].*)?$/i.test(value.trim());
}

function versionParts(version: string): number[] {
  return version
    .trim()
    .replace(/^v/i, '')
    .split(/[-+]/)[0]!
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}
