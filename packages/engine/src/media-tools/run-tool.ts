import type { TaskContext } from '../task-definition.ts';

/** An external program a task runs, with the setting that chooses it. */
export interface ExternalTool {
  /** Program name for messages, such as `ffmpeg`. */
  name: string;
  /** Command or absolute path to run. */
  path: string;
  /** Environment variable that sets `path`. */
  setting: string;
}

export interface ToolResult {
  exitCode: number | null;
  stdout: string;
  /** The last part of standard error, for messages. */
  stderr: string;
}

/** Thrown when a tool cannot be started at all; the message names the fix. */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

const MAX_STDOUT_BYTES = 4 * 1024 * 1024;
const MAX_STDERR_CHARS = 2000;

/**
 * Runs a tool through `context.spawn`, so the child is killed when the run
 * is cancelled or times out, and collects its output. Rejects with the
 * signal's reason when the run is cancelled, and with MissingToolError when
 * the program does not exist or cannot be executed.
 */
export function runTool(context: TaskContext, tool: ExternalTool, args: readonly string[]): Promise<ToolResult> {
  context.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = context.spawn(tool.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';

    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdoutBytes < MAX_STDOUT_BYTES) stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR_CHARS);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        reject(
          new MissingToolError(
            `${tool.name} was not found or is not executable at "${tool.path}" (${error.code}). ` +
              `Install ${tool.name} (on Debian or Ubuntu: apt-get install ffmpeg) or set ${tool.setting} to the full path of the ${tool.name} program.`,
          ),
        );
        return;
      }
      reject(error);
    });
    child.once('close', (exitCode) => {
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: stderr.trim() });
    });
  });
}

/** Fails the run with a MissingToolError unless the tool starts and exits with 0 on `-version`. */
export async function requireTool(context: TaskContext, tool: ExternalTool): Promise<void> {
  const result = await runTool(context, tool, ['-version']);
  if (result.exitCode !== 0) {
    throw new MissingToolError(
      `${tool.name} at "${tool.path}" failed to run (exit code ${result.exitCode}): ${result.stderr || 'no output'}. ` +
        `Set ${tool.setting} to a working ${tool.name} program.`,
    );
  }
}
