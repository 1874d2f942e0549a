import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { BuiltInTaskOptions } from '../../src/tasks/index.ts';
import { TestWorld, eventually, runTaskToEnd } from '../support/harness.ts';
import { placeSample, startWithScannedLibrary } from '../support/library-fixture.ts';
import { makeAudio, makeVideo } from '../support/media-files.ts';

let samples: string;
let world: TestWorld;
let media: string;

beforeAll(() => {
  samples = mkdtempSync(path.join(os.tmpdir(), 'tickwork-samples-'));
  makeVideo(path.join(samples, 'video.mp4'), { seconds: 3 });
  makeAudio(path.join(samples, 'tagged.mp3'), {
    title: 'Tagged Song',
    artist: 'The Band',
    album_artist: 'The Band',
    album: 'First Album',
    track: '3',
    date: '2001',
    genre: 'Rock',
  });
});

afterAll(() => rmSync(samples, { recursive: true, force: true }));

beforeEach(() => {
  world = new TestWorld();
  media = mkdtempSync(path.join(os.tmpdir(), 'tickwork-media-'));
});

afterEach(async () => {
  await world.cleanup();
  rmSync(media, { recursive: true, force: true });
});

const place = (sample: string, relative: string) => placeSample(samples, media, sample, relative);
const startWith = (options: BuiltInTaskOptions = {}) => startWithScannedLibrary(world, media, options);

describe('Refresh Metadata', () => {
  it('reads names, audio tags and video durations', async () => {
    const episode = place('video.mp4', 'tv/Show/Season 1/Show - S01E02.mp4');
    const movie = place('video.mp4', 'movies/Heat (1995).mp4');
    const song = place('tagged.mp3', 'music/07 - File Name.mp3');
    const untagged = path.join(media, 'music/02 - Broken.mp3');
    writeFileSync(untagged, 'not an mp3');
    const { engine, database } = await startWith();

    const { result, lines } = await runTaskToEnd(engine, 'RefreshMetadata');

    expect(result?.status).toBe('completed');
    const byPath = new Map((await database.prisma.mediaItem.findMany()).map((item) => [item.path, item]));
    expect(byPath.get(episode)).toMatchObject({ title: 'Show', seasonNumber: 1, episodeNumber: 2 });
    expect(byPath.get(episode)?.durationSeconds).toBeCloseTo(3, 1);
    expect(byPath.get(movie)).toMatchObject({ title: 'Heat', year: 1995 });
    expect(byPath.get(song)).toMatchObject({
      title: 'Tagged Song',
      artist: 'The Band',
      albumArtist: 'The Band',
      album: 'First Album',
      trackNumber: 3,
      year: 2001,
      genre: 'Rock',
    });
    expect(byPath.get(song)?.durationSeconds).toBeGreaterThan(0.9);
    expect(byPath.get(untagged)).toMatchObject({ title: 'Broken', trackNumber: 2, artist: null });
    expect(lines.some((line) => line.startsWith(`Could not read the audio tags of ${untagged}`))).toBe(true);
    expect(lines.at(-1)).toBe('Refreshed the metadata of 4 items: 1 with audio tags, 3 with a duration.');

    const again = await runTaskToEnd(engine, 'RefreshMetadata');
    expect(again.lines.at(-1)).toBe('Refreshed the metadata of 0 items: 0 with audio tags, 0 with a duration.');
  });

  it('skips durations when ffprobe is not on PATH', async () => {
    place('video.mp4', 'movies/Heat (1995).mp4');
    const { engine, database } = await startWith();
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { result, lines } = await runTaskToEnd(engine, 'RefreshMetadata');
      expect(result?.status).toBe('completed');
      expect(lines[0]).toMatch(/^Video durations are skipped: ffprobe was not found/);
    } finally {
      process.env.PATH = savedPath;
    }
    expect((await database.prisma.mediaItem.findFirst())?.title).toBe('Heat');
  });

  it('fails when the configured ffprobe is missing', async () => {
    place('video.mp4', 'movies/Heat (1995).mp4');
    const { engine, database } = await startWith({ ffprobePath: '/opt/missing/ffprobe' });

    const { result } = await runTaskToEnd(engine, 'RefreshMetadata');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toContain('ffprobe was not found or is not executable at "/opt/missing/ffprobe"');
    expect(result?.errorMessage).toContain('set TICKWORK_FFPROBE_PATH');
    expect((await database.prisma.mediaItem.findFirst())?.metadataFileModifiedAt).toBeNull();
  });

  it('stops midway leaving each item whole', async () => {
    for (let index = 0; index < 60; index += 1) place('video.mp4', `movies/Movie ${index} (2000).mp4`);
    const { engine, database } = await startWith();
    const id = engine.resolveTaskId('RefreshMetadata') as string;

    engine.startTask(id);
    await eventually(async () => (await database.prisma.mediaItem.count({ where: { NOT: { metadataFileModifiedAt: null } } })) >= 3, 20_000);
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    const items = await database.prisma.mediaItem.findMany();
    const done = items.filter((item) => item.metadataFileModifiedAt !== null);
    expect(done.length).toBeLessThan(60);
    for (const item of done) {
      expect(item.year).toBe(2000);
      expect(item.durationSeconds).toBeCloseTo(3, 1);
    }
    for (const item of items.filter((entry) => entry.metadataFileModifiedAt === null)) expect(item.title).toBeNull();
  });
});
