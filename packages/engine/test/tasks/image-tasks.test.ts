import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { BuiltInTaskOptions } from '../../src/tasks/index.ts';
import { TestWorld, eventually, runTaskToEnd } from '../support/harness.ts';
import { placeSample, startWithScannedLibrary } from '../support/library-fixture.ts';
import { childProcessesNamed, makeVideo } from '../support/media-files.ts';

let samples: string;
let world: TestWorld;
let media: string;

beforeAll(() => {
  samples = mkdtempSync(path.join(os.tmpdir(), 'tickwork-samples-'));
  makeVideo(path.join(samples, 'chapters.mkv'), { seconds: 4, chapterStarts: [0, 2] });
  makeVideo(path.join(samples, 'long.mp4'), { seconds: 25 });
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

describe('Extract Chapter Images', () => {
  it('writes one image per chapter and skips items already done', async () => {
    const withChapters = place('chapters.mkv', 'movies/A.mkv');
    const without = place('long.mp4', 'movies/B.mp4');
    place('long.mp4', 'movies/C.mp3');
    const { engine, database } = await startWith();

    const { result, lines } = await runTaskToEnd(engine, 'RefreshChapterImages');

    expect(result?.status).toBe('completed');
    const items = new Map((await database.prisma.mediaItem.findMany()).map((item) => [item.path, item]));
    const chapters = items.get(withChapters)?.chapterImagesPath as string;
    expect(chapters.startsWith(path.join(world.folder, 'metadata', 'chapters'))).toBe(true);
    expect(readdirSync(chapters).sort()).toEqual(['chapter-0.jpg', 'chapter-1.jpg']);
    expect(readdirSync(items.get(without)?.chapterImagesPath as string)).toEqual(['chapter-0.jpg']);
    expect(lines.at(-1)).toBe('Wrote chapter images for 2 videos; 0 failed and will be retried on the next run.');

    const again = await runTaskToEnd(engine, 'RefreshChapterImages');
    expect(again.lines.at(-1)).toBe('Wrote chapter images for 0 videos; 0 failed and will be retried on the next run.');
  });

  it('fails with the fix when ffmpeg is missing', async () => {
    place('chapters.mkv', 'movies/A.mkv');
    const { engine, database } = await startWith({ ffmpegPath: '/opt/missing/ffmpeg' });

    const { result } = await runTaskToEnd(engine, 'RefreshChapterImages');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toBe(
      'ffmpeg was not found or is not executable at "/opt/missing/ffmpeg" (ENOENT). Install ffmpeg (on Debian or Ubuntu: apt-get install ffmpeg) or set TICKWORK_FFMPEG_PATH to the full path of the ffmpeg program.',
    );
    expect((await database.prisma.mediaItem.findFirst())?.chapterImagesPath).toBeNull();
  });

  it('kills ffmpeg when stopped midway', async () => {
    for (let index = 0; index < 40; index += 1) place('long.mp4', `movies/${index}.mp4`);
    const { engine, database } = await startWith();
    const id = engine.resolveTaskId('RefreshChapterImages') as string;

    engine.startTask(id);
    await eventually(async () => (await database.prisma.mediaItem.count({ where: { NOT: { chapterImagesPath: null } } })) > 0, 20_000);
    await eventually(() => childProcessesNamed('ffmpeg').length + childProcessesNamed('ffprobe').length > 0, 20_000);
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    await eventually(() => childProcessesNamed('ffmpeg').length + childProcessesNamed('ffprobe').length === 0);
    const root = path.join(world.folder, 'metadata', 'chapters');
    expect(readdirSync(root).filter((name) => name.endsWith('.partial'))).toEqual([]);
    const done = (await database.prisma.mediaItem.findMany()).filter((item) => item.chapterImagesPath !== null);
    expect(done.length).toBeLessThan(40);
    for (const item of done) expect(readdirSync(item.chapterImagesPath as string)).toEqual(['chapter-0.jpg']);
  });

  it('logs a file ffmpeg cannot read and goes on', async () => {
    place('chapters.mkv', 'movies/Good.mkv');
    const bad = path.join(media, 'movies/Bad.mkv');
    writeFileSync(bad, 'not a video');
    const { engine } = await startWith();

    const { result, lines } = await runTaskToEnd(engine, 'RefreshChapterImages');

    expect(result?.status).toBe('completed');
    expect(lines.some((line) => line.startsWith(`Could not write the chapter images of ${bad}`))).toBe(true);
    expect(lines.at(-1)).toBe('Wrote chapter images for 1 videos; 1 failed and will be retried on the next run.');
  });
});

describe('Generate Trickplay Images', () => {
  it('writes tile sheets in the Jellyfin layout', async () => {
    const video = place('long.mp4', 'movies/Long.mp4');
    const { engine, database } = await startWith();

    const { result } = await runTaskToEnd(engine, 'RefreshTrickplayImages');

    expect(result?.status).toBe('completed');
    const folder = (await database.prisma.mediaItem.findUnique({ where: { path: video } }))?.trickplayPath as string;
    expect(readdirSync(path.join(folder, '320 - 10x10'))).toEqual(['1.jpg']);
  });

  it('fails with the fix when ffmpeg is missing', async () => {
    place('long.mp4', 'movies/Long.mp4');
    const { engine } = await startWith({ ffmpegPath: '/opt/missing/ffmpeg' });

    const { result } = await runTaskToEnd(engine, 'RefreshTrickplayImages');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toContain('set TICKWORK_FFMPEG_PATH');
  });

  it('kills ffmpeg when stopped midway', async () => {
    for (let index = 0; index < 40; index += 1) place('long.mp4', `movies/${index}.mp4`);
    const { engine, database } = await startWith();
    const id = engine.resolveTaskId('RefreshTrickplayImages') as string;

    engine.startTask(id);
    await eventually(async () => (await database.prisma.mediaItem.count({ where: { NOT: { trickplayPath: null } } })) > 0, 20_000);
    await eventually(() => childProcessesNamed('ffmpeg').length > 0, 20_000);
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    // childProcessesNamed skips zombies, so an ffmpeg that was killed but not yet reaped counts as gone.
    await eventually(() => childProcessesNamed('ffmpeg').length === 0);
    expect(childProcessesNamed('ffmpeg')).toEqual([]);
    const root = path.join(world.folder, 'metadata', 'trickplay');
    expect(readdirSync(root).filter((name) => name.endsWith('.partial'))).toEqual([]);
    const items = await database.prisma.mediaItem.findMany();
    const done = items.filter((item) => item.trickplayPath !== null);
    expect(done.length).toBeLessThan(40);
    for (const item of done) expect(existsSync(path.join(item.trickplayPath as string, '320 - 10x10', '1.jpg'))).toBe(true);
  });
});
