import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BARE_SERVER_SCRIPT = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));

export interface BareServer {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts bare-server.mjs in its own process, returning `body` with `headers`
 * on every request, and resolves with its URL once it listens.
 */
export async function startBareServer(tempDir: string, body: Buffer, headers: Record<string, string>): Promise<BareServer> {
  const bodyFile = path.join(tempDir, 'bare-body.json');
  writeFileSync(bodyFile, body);
  const child = spawn(process.execPath, [BARE_SERVER_SCRIPT, bodyFile, JSON.stringify(headers)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
    child.once('exit', (code) => reject(new Error(`The bare server exited with code ${code} before listening.`)));
  });
  return {
    pid: child.pid as number,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
