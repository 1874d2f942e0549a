import { probeMedia } from '../media-tools/ffprobe.ts';
import type { MediaTools } from '../media-tools/media-tools.ts';
import { MissingToolError, requireTool } from '../media-tools/run-tool.ts';
import type { TaskContext, TaskLogger } from '../task-definition.ts';
import { readAudioTags } from './audio-tags.ts';
import type { AudioTags } from './audio-tags.ts';

/** Reads audio tags, or logs a warning and returns undefined for a file music-metadata cannot parse. */
export async function audioTagsOrWarn(file: string, logger: TaskLogger): Promise<AudioTags | undefined> {
  try {
    return await readAudioTags(file);
  } catch (error) {
    logger.warn(`Could not read the audio tags of ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Returns a function that reads a video's duration with ffprobe. When ffprobe
 * is missing and its path was not configured, durations are skipped with one
 * warning; when the configured ffprobe is missing, the run fails.
 */
export async function videoDurationReader(
  context: TaskContext,
  tools: MediaTools,
): Promise<(file: string) => Promise<number | undefined>> {
  try {
    await requireTool(context, tools.ffprobe);
  } catch (error) {
    if (!(error instanceof MissingToolError) || tools.ffprobeConfigured) throw error;
    context.logger.warn(`Video durations are skipped: ${error.message}`);
    return async () => undefined;
  }

  return async (file) => {
    try {
      return (await probeMedia(context, tools.ffprobe, file)).durationSeconds;
    } catch (error) {
      context.signal.throwIfAborted();
      context.logger.warn(`Could not read the duration of ${file}: ${(error as Error).message}`);
      return undefined;
    }
  };
}
