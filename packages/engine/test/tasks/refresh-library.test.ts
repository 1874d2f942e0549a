import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createBuiltInTasks } from '../../src/tasks/index.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';
import { TestWorld, eventually, runTaskToEnd } from '../support/harness.ts';

let world: TestWorld;
let media: string;

beforeEach(() => {
  world = new TestWorld();
  media = mkdtempSync(path.join(os.tmpdir(), 'tickwork-media-'));
});

afterEach(async () => {
  await world.cleanup();
  rmSync(media, { recursive: true, force: true });
});

function touch(relative: string, content = ''): string {
  const file = path.join(media, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

async function startWith(libraries: Array<{ name: string; paths: string[] }>) {
  const tasks = createBuiltInTasks({ libraries });
  return world.startEngine(tasks, new FakeClock(Date.now()));
}

describe('Scan Media Library', () => {
  it('adds, updates and removes items', async () => {
    const movie = touch('movies/Heat (1995)/Heat (1995).mkv', 'abc');
    touch('movies/Alien.1979.1080p.mp4');
    touch('music/01 - Song.flac');
    touch('movies/notes.txt');
    const { engine, database } = await startWith([
      { name: 'Movies', paths: [path.join(media, 'movies')] },
      { name: 'Music', paths: [path.join(media, 'music')] },
    ]);

    const first = await runTaskToEnd(engine, 'RefreshLibrary');

    expect(first.result?.status).toBe('completed');
    expect(first.lines.at(-1)).toBe('Scanned 3 media files in 2 libraries: 3 added, 0 updated, 0 removed; skipped 0 hidden entries.');
    const items = await database.prisma.mediaItem.findMany({ orderBy: { path: 'asc' } });
    expect(items.map((item) => [path.relative(media, item.path), item.library, item.kind])).toEqual([
      ['movies/Alien.1979.1080p.mp4', 'Movies', 'video'],
      ['movies/Heat (1995)/Heat (1995).mkv', 'Movies', 'video'],
      ['music/01 - Song.flac', 'Music', 'audio'],
    ]);
    expect(items[1]?.sizeBytes).toBe(3);

    writeFileSync(movie, 'longer content');
    const later = new Date(Date.now() + 60_000);
    utimesSync(movie, later, later);
    rmSync(path.join(media, 'music/01 - Song.flac'));
    touch('music/02 - Other.mp3');

    const second = await runTaskToEnd(engine, 'RefreshLibrary');

    expect(second.lines.at(-1)).toBe('Scanned 3 media files in 2 libraries: 1 added, 1 updated, 1 removed; skipped 0 hidden entries.');
    const updated = await database.prisma.mediaItem.findUnique({ where: { path: movie } });
    expect(updated?.sizeBytes).toBe('longer content'.length);
    expect(updated?.modifiedAt.getTime()).toBe(later.getTime());
    expect(await database.prisma.mediaItem.count({ where: { path: { contains: 'Song' } } })).toBe(0);
  });

  it('skips hidden entries and unreadable links, and ends link loops', async () => {
    touch('shows/Show/S01E01.mkv');
    touch('shows/.hidden/S01E02.mkv');
    touch('shows/Show/.S01E03.mkv');
    symlinkSync(path.join(media, 'shows'), path.join(media, 'shows/Show/loop'));
    symlinkSync(path.join(media, 'missing.mkv'), path.join(media, 'shows/broken.mkv'));
    const { engine, database } = await startWith([{ name: 'Shows', paths: [path.join(media, 'shows')] }]);

    const { result, lines } = await runTaskToEnd(engine, 'RefreshLibrary');

    expect(result?.status).toBe('completed');
    const paths = (await database.prisma.mediaItem.findMany()).map((item) => path.relative(media, item.path));
    expect(paths).toEqual(['shows/Show/S01E01.mkv']);
    expect(lines.at(-1)).toBe('Scanned 1 media files in 1 libraries: 1 added, 0 updated, 0 removed; skipped 2 hidden entries.');
    expect(lines.some((line) => line.startsWith(`Skipped the unreadable entry ${path.join(media, 'shows/broken.mkv')}`))).toBe(true);
    expect(lines.some((line) => line.includes('links to a folder already scanned'))).toBe(true);
  });

  it('keeps the items of a library whose folder is missing', async () => {
    touch('movies/A.mkv');
    const { engine, database } = await startWith([{ name: 'Movies', paths: [path.join(media, 'movies')] }]);
    await runTaskToEnd(engine, 'RefreshLibrary');
    rmSync(path.join(media, 'movies'), { recursive: true });

    const { result, lines } = await runTaskToEnd(engine, 'RefreshLibrary');

    expect(result?.status).toBe('completed');
    expect(lines[0]).toMatch(/^Library "Movies": the folder .* is missing or not a folder; its items are kept\.$/);
    expect(await database.prisma.mediaItem.count()).toBe(1);
  });

  it('stops midway with whole batches stored and logged', async () => {
    for (let folder = 0; folder < 40; folder += 1) {
      for (let index = 0; index < 100; index += 1) touch(`big/${folder}/${index}.mp3`);
    }
    const { engine, database } = await startWith([{ name: 'Big', paths: [path.join(media, 'big')] }]);
    const id = engine.resolveTaskId('RefreshLibrary') as string;
    const reported: number[] = [];
    engine.events.on('progress', (event) => reported.push(event.progress));

    engine.startTask(id);
    await eventually(async () => (await database.prisma.mediaItem.count()) > 0, 20_000);
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    const stored = await database.prisma.mediaItem.count();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(4000);
    expect(stored % 500).toBe(0);
    // 0 % comes first, before the count pass, so the portal never shows an indeterminate bar.
    expect(reported[0]).toBe(0);

    const runId = engine.getTask(id)?.lastResult?.runId as string;
    const lines = (await engine.runLogs.linesOf(runId)).map((line) => line.message);
    const summary = /^Scan stopped after reaching (\d+) of 4000 media files in (\d+) folders: (\d+) of 4000 media files stored \((\d+) added, 0 updated\); vanished items were not removed\.$/.exec(
      lines.at(-1) ?? '',
    );
    expect(summary, lines.join('\n')).not.toBeNull();
    const [reached, folders, storedInLog, added] = (summary as RegExpExecArray).slice(1).map(Number);
    expect(storedInLog).toBe(stored);
    expect(added).toBe(stored);
    expect(reached).toBeGreaterThanOrEqual(stored);
    expect(folders).toBeGreaterThanOrEqual(1);

    const { result } = await runTaskToEnd(engine, 'RefreshLibrary');
    expect(result?.status).toBe('completed');
    expect(await database.prisma.mediaItem.count()).toBe(4000);
  });

  it('logs a stop during the count pass', async () => {
    for (let folder = 0; folder < 200; folder += 1) {
      for (let index = 0; index < 50; index += 1) touch(`huge/${folder}/${index}.mp3`);
    }
    const { engine, database } = await startWith([{ name: 'Huge', paths: [path.join(media, 'huge')] }]);
    const id = engine.resolveTaskId('RefreshLibrary') as string;

    engine.startTask(id);
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    const runId = engine.getTask(id)?.lastResult?.runId as string;
    const lines = (await engine.runLogs.linesOf(runId)).map((line) => line.message);
    expect(lines.at(-1)).toMatch(/^Scan stopped while counting media files \(\d+ found so far\); no items were changed\.$/);
    expect(await database.prisma.mediaItem.count()).toBe(0);
  });

  it('fails with the database error when the items table is gone', async () => {
    touch('movies/A.mkv');
    const { engine, database } = await startWith([{ name: 'Movies', paths: [path.join(media, 'movies')] }]);
    await database.prisma.$executeRawUnsafe('DROP TABLE "MediaItem"');

    const { result } = await runTaskToEnd(engine, 'RefreshLibrary');

    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toMatch(/MediaItem/);
  });

  it('completes with a note when no library is configured', async () => {
    const { engine } = await startWith([]);

    const { result, lines } = await runTaskToEnd(engine, 'RefreshLibrary');

    expect(result?.status).toBe('completed');
    expect(lines).toEqual(['No libraries are configured; set TICKWORK_LIBRARY_PATHS or "libraries" in config.json.']);
  });
});
