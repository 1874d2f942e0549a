import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The server command of `pnpm start` after its build step, as arguments to
 * node. The suite checks that the start script still contains it, so the
 * figures describe the process users run. `--max-semi-space-size=4` caps
 * V8's young generation at 4 MiB per semi-space: the default of up to 16 MiB
 * grew during start-up and stayed, about 25 MiB more resident when idle.
 * The build step bundles the server into `apps/server/dist/main.mjs`.
 */
const START_ARGUMENTS = ['--max-semi-space-size=4', 'apps/server/dist/main.mjs'];

/** The command line of the server process, for the report. */
export const START_COMMAND = `NODE_ENV=production node ${START_ARGUMENTS.join(' ')}`;

export interface StartedTickwork {
  pid: number;
  url: string;
  /** Milliseconds from spawn until GET /health returned 200. */
  healthMs: number;
  /** Milliseconds from spawn until the engine logged "Scheduler started". */
  schedulerStartedMs: number;
  stop(): Promise<void>;
}

/** Throws unless the root package.json's start script runs the command this suite starts. */
export function checkStartScript(repositoryRoot: string): void {
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const expected = `node ${START_ARGUMENTS.join(' ')}`;
  if (!manifest.scripts.start?.includes(expected)) {
    throw new Error(
      `The start script is "${manifest.scripts.start}", which does not run "${expected}". Update START_ARGUMENTS in bench/scale/tickwork-process.ts.`,
    );
  }
}

/**
 * Starts a Tickwork server process the way `pnpm start` does (production
 * mode, info logging, the default SQLite database in the data folder) on a
 * free 127.0.0.1 port, and resolves once /health returns 200.
 */
export async function startTickwork(repositoryRoot: string, dataDir: string, apiKey: string): Promise<StartedTickwork> {
  const port = await freePort();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, START_ARGUMENTS, {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      TZ: 'UTC',
      TICKWORK_DATA_DIR: dataDir,
      TICKWORK_ADMIN_API_KEY: apiKey,
      INIT_CWD: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const healthMs = Date.now() - spawnedAt;
  const schedulerStartedAt = output.logTime('Scheduler started');
  if (schedulerStartedAt === undefined) throw new Error(`The server returned 200 from /health without logging "Scheduler started":\n${output.tail()}`);

  return {
    pid: child.pid as number,
    url,
    healthMs,
    schedulerStartedMs: schedulerStartedAt - spawnedAt,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface CollectedOutput {
  /** The `time` of the first JSON log line with this message, in epoch milliseconds. */
  logTime(message: string): number | undefined;
  /** The last lines of output, for error messages. */
  tail(): string;
}

/** Keeps the `time` of each log message and the last few kilobytes of output. */
function collectOutput(child: ChildProcess): CollectedOutput {
  const times = new Map<string, number>();
  let recent = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      recent = (recent + line.slice(0, 500) + '\n').slice(-4000);
      try {
        const entry = JSON.parse(line) as { time?: number; msg?: string };
        if (entry.msg !== undefined && entry.time !== undefined && !times.has(entry.msg)) times.set(entry.msg, entry.time);
      } catch {
        // Not a JSON log line.
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    recent = (recent + chunk).slice(-4000);
  });
  return { logTime: (message) => times.get(message), tail: () => recent };
}

async function waitForHealth(url: string, child: ChildProcess, output: CollectedOutput): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} during start-up:\n${output.tail()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The server did not return 200 from /health within 120 s:\n${output.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
