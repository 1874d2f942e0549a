import path from 'node:path';

import { runImageTask } from '../library/image-task-runner.ts';
import type { PendingItem } from '../library/pending-items.ts';
import { probeMedia } from '../media-tools/ffprobe.ts';
import type { MediaTools } from '../media-tools/media-tools.ts';
import { runTool } from '../media-tools/run-tool.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskContext, TaskDefinition } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';

/** Videos without chapters get one image every five minutes, as Jellyfin's dummy chapters. */
const DUMMY_CHAPTER_SECONDS = 300;
const IMAGE_WIDTH = 320;

export function refreshChapterImagesTask(tools: MediaTools): TaskDefinition {
  return defineTask({
    key: 'RefreshChapterImages',
    typeName: JELLYFIN_TASK_TYPE_NAMES.RefreshChapterImages,
    name: 'Extract Chapter Images',
    description: 'Creates thumbnails for videos that have chapters.',
    category: 'Library',
    defaultTriggers: [{ kind: 'daily', timeOfDayTicks: 2 * TICKS_PER_HOUR, maxRuntimeTicks: 4 * TICKS_PER_HOUR }],
    execute: (context) =>
      runImageTask(context, tools, {
        filter: 'chapterImages',
        folderName: 'chapters',
        label: 'chapter images',
        writeImages: writeChapterImages,
      }),
  });
}

/** Writes `chapter-<n>.jpg` for each chapter, taken a little after the chapter starts. */
async function writeChapterImages(context: TaskContext, tools: MediaTools, item: PendingItem, folder: string) {
  const probe = await probeMedia(context, tools.ffprobe, item.path);
  if (!probe.hasVideo) throw new Error('the file has no video stream');
  const chapters = probe.chapters.length > 0 ? probe.chapters : dummyChapters(probe.durationSeconds ?? 0);

  for (const [index, chapter] of chapters.entries()) {
    const offset = chapter.start + Math.min(10, Math.max(0, chapter.end - chapter.start) / 2);
    const output = path.join(folder, `chapter-${index}.jpg`);
    const result = await runTool(context, tools.ffmpeg, [
      '-nostdin', '-v', 'error',
      '-ss', offset.toFixed(3),
      '-i', item.path,
      '-frames:v', '1',
      '-vf', `scale=${IMAGE_WIDTH}:-2`,
      '-y', output,
    ]);
    if (result.exitCode !== 0) throw new Error(`ffmpeg failed on chapter ${index}: ${result.stderr || `exit code ${result.exitCode}`}`);
  }
}

function dummyChapters(durationSeconds: number): Array<{ start: number; end: number }> {
  const chapters = [];
  for (let start = 0; start === 0 || start < durationSeconds; start += DUMMY_CHAPTER_SECONDS) {
    chapters.push({ start, end: Math.min(start + DUMMY_CHAPTER_SECONDS, durationSeconds) });
  }
  return chapters;
}
