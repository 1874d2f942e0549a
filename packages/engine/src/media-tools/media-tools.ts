import type { ExternalTool } from './run-tool.ts';

/** The ffmpeg and ffprobe programs the library tasks run. */
export interface MediaTools {
  ffmpeg: ExternalTool;
  ffprobe: ExternalTool;
  /**
   * True when the administrator set the ffprobe path. Refresh Metadata then
   * fails when ffprobe is missing; otherwise it skips video durations.
   */
  ffprobeConfigured: boolean;
}

/** Tools from the configured paths, or `ffmpeg` and `ffprobe` on PATH. */
export function mediaTools(paths: { ffmpegPath?: string; ffprobePath?: string } = {}): MediaTools {
  return {
    ffmpeg: { name: 'ffmpeg', path: paths.ffmpegPath ?? 'ffmpeg', setting: 'TICKWORK_FFMPEG_PATH' },
    ffprobe: { name: 'ffprobe', path: paths.ffprobePath ?? 'ffprobe', setting: 'TICKWORK_FFPROBE_PATH' },
    ffprobeConfigured: paths.ffprobePath !== undefined,
  };
}
