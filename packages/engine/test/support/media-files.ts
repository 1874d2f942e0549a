import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Runs ffmpeg synchronously; the tests need it installed (`.ci/run` installs it). */
function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Writes a small test-pattern video, optionally with chapters, and returns its path. */
export function makeVideo(file: string, options: { seconds: number; chapterStarts?: number[] }): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const input = ['-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${options.seconds}`];
  if (options.chapterStarts === undefined) {
    ffmpeg([...input, '-c:v', 'mpeg4', file]);
    return file;
  }
  const metadata = `${file}.ffmetadata`;
  const starts = options.chapterStarts;
  const chapters = starts.map((start, index) => {
    const end = starts[index + 1] ?? options.seconds;
    return `[CHAPTER]\nTIMEBASE=1/1000\nSTART=${start * 1000}\nEND=${end * 1000}\ntitle=Chapter ${index + 1}\n`;
  });
  writeFileSync(metadata, `;FFMETADATA1\n${chapters.join('')}`);
  ffmpeg([...input, '-i', metadata, '-map_metadata', '1', '-map_chapters', '1', '-c:v', 'mpeg4', file]);
  return file;
}

/** Writes a one-second MP3 with ID3 tags and returns its path. */
export function makeAudio(file: string, tags: Record<string, string>): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const metadata = Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', ...metadata, '-c:a', 'libmp3lame', '-b:a', '64k', file]);
  return file;
}

/** Process ids of the running children of this process whose command is `name`, read from /proc. */
export function childProcessesNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (command === name && Number(parent) === process.pid && state !== 'Z') pids.push(Number(entry));
    } catch {
      // The process ended while we read it.
    }
  }
  return pids;
}
