import type { TaskContext } from '../task-definition.ts';
import { runTool } from './run-tool.ts';
import type { ExternalTool } from './run-tool.ts';

export interface ProbeResult {
  durationSeconds?: number;
  /** Chapter start and end times in seconds. */
  chapters: Array<{ start: number; end: number }>;
  hasVideo: boolean;
}

interface FfprobeJson {
  format?: { duration?: string };
  chapters?: Array<{ start_time?: string; end_time?: string }>;
  streams?: Array<{ codec_type?: string }>;
}

/** Reads a file's duration, chapters and whether it has a video stream; throws when ffprobe rejects the file. */
export async function probeMedia(context: TaskContext, ffprobe: ExternalTool, file: string): Promise<ProbeResult> {
  const result = await runTool(context, ffprobe, [
    '-v', 'error',
    '-print_format', 'json',
    '-show_entries', 'format=duration:stream=codec_type',
    '-show_chapters',
    file,
  ]);
  if (result.exitCode !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr || `exit code ${result.exitCode}`}`);

  const parsed = JSON.parse(result.stdout) as FfprobeJson;
  const duration = Number(parsed.format?.duration);
  return {
    durationSeconds: Number.isFinite(duration) && duration > 0 ? duration : undefined,
    chapters: (parsed.chapters ?? [])
      .map((chapter) => ({ start: Number(chapter.start_time), end: Number(chapter.end_time) }))
      .filter((chapter) => Number.isFinite(chapter.start) && Number.isFinite(chapter.end)),
    hasVideo: (parsed.streams ?? []).some((stream) => stream.codec_type === 'video'),
  };
}
