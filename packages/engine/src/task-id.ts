import { createHash } from 'node:crypto';

/**
 * Derives a task id the way Jellyfin does: the MD5 of the type name's UTF-16LE
 * bytes, read as a .NET Guid (the first 4, next 2 and next 2 bytes each
 * reversed) and printed as 32 lowercase hex characters without dashes.
 */
export function computeTaskId(typeName: string): string {
  const digest = createHash('md5').update(Buffer.from(typeName, 'utf16le')).digest();
  const guidBytes = Buffer.concat([
    Buffer.from(digest.subarray(0, 4)).reverse(),
    Buffer.from(digest.subarray(4, 6)).reverse(),
    Buffer.from(digest.subarray(6, 8)).reverse(),
    digest.subarray(8),
  ]);
  return guidBytes.toString('hex');
}

/** The type name of a task that mirrors no Jellyfin task. */
export function defaultTypeName(key: string): string {
  return `Tickwork.Tasks.${key}`;
}
