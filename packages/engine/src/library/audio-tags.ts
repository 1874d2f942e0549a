import { parseFile } from 'music-metadata';

/** Tags read from an audio file's container. */
export interface AudioTags {
  title?: string;
  artist?: string;
  albumArtist?: string;
  album?: string;
  trackNumber?: number;
  year?: number;
  genre?: string;
  durationSeconds?: number;
}

/** Reads an audio file's tags and duration with music-metadata; throws when the file has no readable audio. */
export async function readAudioTags(file: string): Promise<AudioTags> {
  const metadata = await parseFile(file, { duration: true, skipCovers: true });
  const { common, format } = metadata;
  // music-metadata returns an empty result, without throwing, for some files that are not audio at all.
  if (format.container === undefined && format.codec === undefined && format.duration === undefined) {
    throw new Error('no audio stream found');
  }
  return {
    title: common.title || undefined,
    artist: common.artist || undefined,
    albumArtist: common.albumartist || undefined,
    album: common.album || undefined,
    trackNumber: common.track.no ?? undefined,
    year: common.year ?? undefined,
    genre: common.genre?.[0] || undefined,
    durationSeconds: format.duration !== undefined && Number.isFinite(format.duration) ? format.duration : undefined,
  };
}
