import type { ChildProcess } from 'node:child_process';

import type { ProcessResult } from './task-definition.ts';

/** Output kept per stream, so a chatty child cannot fill the server's memory. */
const MAX_OUTPUT_CHARACTERS = 1_000_000;

/**
 * Waits for a spawned child to exit and collects its output. Resolves on exit
 * code 0; rejects with an Error naming the command and the exit code or
 * signal otherwise, and with the signal's reason when the run was stopped.
 */
export function waitForProcess(child: ChildProcess, command: string, signal: AbortSignal): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_CHARACTERS) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_CHARACTERS) stderr += chunk;
    });

    child.once('error', (error: NodeJS.ErrnoException) => {
      if (signal.aborted) return reject(signal.reason);
      const hint = error.code === 'ENOENT' ? ' The program was not found; install it or check its path.' : '';
      reject(new Error(`Could not start "${command}": ${error.message}.${hint}`));
    });
    child.once('close', (code, killedBy) => {
      if (signal.aborted) return reject(signal.reason);
      if (code === 0) return resolve({ stdout, stderr });
      const how = code === null ? `was killed by ${killedBy}` : `exited with code ${code}`;
      const detail = stderr.trim().split('\n').slice(-5).join('\n');
      reject(new Error(`"${command}" ${how}.${detail === '' ? '' : `\n${detail}`}`));
    });
  });
}
