import { describe, expect, it } from 'vitest';

import { parseFileName } from '../../src/library/file-name-metadata.ts';

describe('parseFileName', () => {
  it.each([
    ['/m/Heat (1995)/Heat (1995).mkv', { title: 'Heat', year: 1995 }],
    ['/m/Alien.1979.1080p.BluRay.x264.mkv', { title: 'Alien', year: 1979 }],
    ['/m/2001 A Space Odyssey (1968).mkv', { title: '2001 A Space Odyssey', year: 1968 }],
    ['/m/The_Matrix_1999_720p.mp4', { title: 'The Matrix', year: 1999 }],
    ['/m/Blade Runner [2160p] [HDR].mkv', { title: 'Blade Runner' }],
    ['/m/Amélie.mkv', { title: 'Amélie' }],
  ])('reads movie %s', (file, expected) => {
    expect(parseFileName(file, 'video')).toEqual(expected);
  });

  it.each([
    ['/tv/Show/Season 1/Show - S01E02 - Pilot.mkv', { title: 'Show', seasonNumber: 1, episodeNumber: 2 }],
    ['/tv/The.Wire.s03e11.720p.mkv', { title: 'The Wire', seasonNumber: 3, episodeNumber: 11 }],
    ['/tv/Fargo/Season 02/S02E05.mkv', { title: 'Fargo', seasonNumber: 2, episodeNumber: 5 }],
    ['/tv/Lost/Lost 1x04.avi', { title: 'Lost', seasonNumber: 1, episodeNumber: 4 }],
    ['/tv/Dark/Staffel 1/Dark S01.E03.mkv', { title: 'Dark', seasonNumber: 1, episodeNumber: 3 }],
  ])('reads episode %s', (file, expected) => {
    expect(parseFileName(file, 'video')).toEqual(expected);
  });

  it.each([
    ['/music/Album/01 - Song Title.flac', { title: 'Song Title', trackNumber: 1 }],
    ['/music/Album/1-07 Another.mp3', { title: 'Another', trackNumber: 7 }],
    ['/music/Album/Untitled.ogg', { title: 'Untitled' }],
  ])('reads track %s', (file, expected) => {
    expect(parseFileName(file, 'audio')).toEqual(expected);
  });
});
