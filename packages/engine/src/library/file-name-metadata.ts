import path from 'node:path';

/** Metadata parsed from a media file's name and folders. */
export interface FileNameMetadata {
  title?: string;
  year?: number;
  seasonNumber?: number;
  episodeNumber?: number;
  trackNumber?: number;
}

/** `S01E02`, `s1e2`, `S01.E02`, `S01_E02` and `S01 - E02`. */
const SEASON_EPISODE = /(?:^|[^a-z0-9])s(\d{1,3})[\s._-]*e(\d{1,4})(?![0-9])/i;
/** `1x02` and `01x02`. */
const CROSS_EPISODE = /(?:^|[^a-z0-9])(\d{1,2})x(\d{2,3})(?![0-9])/i;
/** A year from 1900 to 2099 standing alone or in brackets. */
const YEAR = /(?:^|[\s._([-])((?:19|20)\d{2})(?=$|[\s._)\]-])/;
/** A season folder such as `Season 1` or `Staffel 02`, whose parent names the series. */
const SEASON_FOLDER = /^(?:season|series|staffel|saison|s)[\s._-]*\d{1,3}$/i;
/** Release tags that end a title in scene-style names. */
const RELEASE_TAG =
  /[\s._-](?:2160p|1080p|1080i|720p|576p|480p|4k|uhd|hdr|bluray|blu-ray|bdrip|brrip|web-?dl|webrip|hdtv|dvdrip|x264|x265|h264|h265|hevc|xvid|remux|proper|repack)(?=$|[\s._-])/i;
/** `01 - Title`, `01. Title` and `1-01 Title` (disc 1, track 01). */
const LEADING_TRACK = /^(?:\d{1,2}-)?(\d{1,3})(?:\s*[-.]\s*|\s+)(.+)$/;

/**
 * Parses the title, year, season, episode and track number from a file path.
 * Handles `Title (2010).mkv`, `Title.2010.1080p.BluRay.mkv`,
 * `Show/Season 1/Show - S01E02 - Name.mkv`, `Show.1x02.mkv` and
 * `01 - Track.flac`. Returns only what it found.
 */
export function parseFileName(filePath: string, kind: 'video' | 'audio'): FileNameMetadata {
  const base = stripBracketedTags(path.basename(filePath, path.extname(filePath)));
  if (kind === 'audio') return parseAudioName(base);

  const episodeMatch = SEASON_EPISODE.exec(base) ?? CROSS_EPISODE.exec(base);
  if (episodeMatch !== null) {
    const before = cleanTitle(base.slice(0, episodeMatch.index));
    return {
      title: before || seriesFolderName(filePath),
      seasonNumber: Number(episodeMatch[1]),
      episodeNumber: Number(episodeMatch[2]),
    };
  }

  const withoutTags = cutAtReleaseTag(base);
  const yearMatch = lastYear(withoutTags);
  if (yearMatch !== undefined && yearMatch.index > 0) {
    return { title: cleanTitle(withoutTags.slice(0, yearMatch.index)), year: yearMatch.year };
  }
  const title = cleanTitle(withoutTags);
  return title === '' ? {} : { title };
}

function parseAudioName(base: string): FileNameMetadata {
  const match = LEADING_TRACK.exec(base);
  if (match === null) return { title: cleanTitle(base) };
  return { trackNumber: Number(match[1]), title: cleanTitle(match[2] as string) };
}

/** Returns the series name for `Show/Season 1/S01E02.mkv`: the folder above a season folder, else the parent folder. */
function seriesFolderName(filePath: string): string | undefined {
  const parent = path.basename(path.dirname(filePath));
  const folder = SEASON_FOLDER.test(parent) ? path.basename(path.dirname(path.dirname(filePath))) : parent;
  const title = cleanTitle(folder);
  return title === '' ? undefined : title;
}

/** Finds the last stand-alone year, so that `2001 A Space Odyssey 1968` reads as released in 1968. */
function lastYear(text: string): { year: number; index: number } | undefined {
  let found: { year: number; index: number } | undefined;
  const pattern = new RegExp(YEAR.source, 'g');
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found = { year: Number(match[1]), index: match.index };
    pattern.lastIndex = match.index + 1;
  }
  return found;
}

function cutAtReleaseTag(text: string): string {
  const match = RELEASE_TAG.exec(text);
  return match === null ? text : text.slice(0, match.index);
}

/** Removes `[1080p]`-style and `{tmdb-123}`-style tags. */
function stripBracketedTags(text: string): string {
  return text.replace(/\[[^\]]*\]|\{[^}]*\}/g, ' ').trim();
}

/** Turns dots and underscores into spaces and trims separators and brackets left at the ends. */
function cleanTitle(text: string): string {
  const spaced = /\s/.test(text) ? text.replace(/_/g, ' ') : text.replace(/[._]/g, ' ');
  return spaced
    .replace(/\(\s*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–(]+|[\s\-–(]+$/g, '')
    .trim();
}
