import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { runImageTask } from '../library/image-task-runner.ts';
import type { PendingItem } from '../library/pending-items.ts';
import type { MediaTools } from '../media-tools/media-tools.ts';
import { runTool } from '../media-tools/run-tool.ts';
import { defineTask } from '../task-definition.ts';
import type { TaskContext, TaskDefinition } from '../task-definition.ts';
import { JELLYFIN_TASK_TYPE_NAMES } from '../task-id.ts';
import { TICKS_PER_HOUR } from '../trigger.ts';

/** Jellyfin's defaults: one thumbnail every 10 seconds, 320 pixels wide, 10 × 10 per tile sheet. */
const INTERVAL_SECONDS = 10;
const WIDTH = 320;
const TILE = 10;

export function refreshTrickplayImagesTask(tools: MediaTools): TaskDefinition {
  return defineTask({
    key: 'RefreshTrickplayImages',
    typeName: JELLYFIN_TASK_TYPE_NAMES.RefreshTrickplayImages,
    name: 'Generate Trickplay Images',
    description: 'Creates trickplay images for videos in enabled libraries.',
    category: 'Library',
    defaultTriggers: [{ kind: 'daily', timeOfDayTicks: 3 * TICKS_PER_HOUR }],
    execute: (context) =>
      runImageTask(context, tools, {
        filter: 'trickplay',
        folderName: 'trickplay',
        label: 'trickplay images',
        writeImages: writeTileSheets,
      }),
  });
}

/** Writes numbered JPEG tile sheets into `<folder>/320 - 10x10`, the layout Jellyfin uses. */
async function writeTileSheets(context: TaskContext, tools: MediaTools, item: PendingItem, folder: string) {
  const sheets = path.join(folder, `${WIDTH} - ${TILE}x${TILE}`);
  await mkdir(sheets);
  const result = await runTool(context, tools.ffmpeg, [
    '-nostdin', '-v', 'error',
    '-i', item.path,
    '-an', '-sn',
    // select keeps one frame per interval; unlike the fps filter, it lets tile write a last, partly filled sheet.
    '-vf', `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${INTERVAL_SECONDS})',scale=${WIDTH}:-2,tile=${TILE}x${TILE}`,
    '-fps_mode', 'passthrough',
    '-q:v', '4',
    '-y', path.join(sheets, '%d.jpg'),
  ]);
  if (result.exitCode !== 0) throw new Error(`ffmpeg failed: ${result.stderr || `exit code ${result.exitCode}`}`);
}
