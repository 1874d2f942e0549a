import path from 'node:path';

export type MediaKind = 'video' | 'audio';

const VIDEO_EXTENSIONS = new Set([
  '.3gp', '.avi', '.flv', '.m2ts', '.m4v', '.mkv', '.mov', '.mp4', '.mpeg', '.mpg', '.ogv', '.ts', '.webm', '.wmv',
]);
const AUDIO_EXTENSIONS = new Set([
  '.aac', '.aif', '.aiff', '.alac', '.ape', '.flac', '.m4a', '.mka', '.mp3', '.oga', '.ogg', '.opus', '.wav', '.wma',
]);

/** Returns the media kind of a file from its extension, or undefined for files the library ignores. */
export function mediaKindOf(filePath: string): MediaKind | undefined {
  const extension = path.extname(filePath).toLowerCase();
  if (VIDEO_EXTENSIONS.has(extension)) return 'video';
  if (AUDIO_EXTENSIONS.has(extension)) return 'audio';
  return undefined;
}
