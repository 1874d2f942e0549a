import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainScript = path.join(serverRoot, 'src/main.ts');
const bundledScript = path.join(serverRoot, 'dist/main.mjs');
const cliScript = path.join(serverRoot, 'src/cli.ts');

/**
 * The node options that `pnpm serve` and `pnpm start` give the bundle (see
 * the root package.json; serve-script.test.ts checks that they agree).
 * Garbage collection pauses, and so fire lateness and memory, depend on them.
 */
export const SERVE_NODE_OPTIONS = ['--max-semi-space-size=4'];

export interface ServerOptions {
  /** Reuse a data folder (for restart tests); a new one is made otherwise. */
  dataDir?: string;
  /** Plugin files to write into the plugin folder, by file name. */
  plugins?: Record<string, string>;
  env?: Record<string, string>;
  /**
   * Log warnings and errors only, for tests that load a server heavily. The
   * server then gets a free port chosen here, and readiness is read from /health.
   */
  quiet?: boolean;
  /**
   * Run the bundle that `pnpm build` writes (apps/server/dist/main.mjs) with
   * plain node and SERVE_NODE_OPTIONS, as `pnpm start` does, instead of the
   * sources through tsx.
   */
  bundled?: boolean;
  /** Extra node options before the script, such as `--cpu-prof` for a profile. */
  nodeArguments?: string[];
}

function bundledOrThrow(): string {
  if (!existsSync(bundledScript)) {
    throw new Error(`${bundledScript} does not exist; run "pnpm build" (or "pnpm --filter @tickwork/server run bundle") first.`);
  }
  return bundledScript;
}

/** A Tickwork server running as a real child process on a free 127.0.0.1 port. */
export class ServerProcess {
  readonly logs: string[] = [];
  url = '';
  exitCode: number | null = null;
  readonly #exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly dataDir: string,
    readonly apiKey: string,
  ) {
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      });
    });
  }

  /** Starts a server and resolves once it listens. */
  static async start(options: ServerOptions = {}): Promise<ServerProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tickwork-server-'));
    const pluginsDir = path.join(dataDir, 'plugins');
    mkdirSync(pluginsDir, { recursive: true });
    for (const [name, content] of Object.entries(options.plugins ?? {})) {
      writeFileSync(path.join(pluginsDir, name), content);
    }

    const apiKey = options.env?.TICKWORK_ADMIN_API_KEY ?? randomBytes(16).toString('hex');
    const port = options.quiet === true ? await freePort() : 0;
    const command = options.bundled === true ? [...SERVE_NODE_OPTIONS, bundledOrThrow()] : ['--import', 'tsx', mainScript];
    const child = spawn(process.execPath, [...(options.nodeArguments ?? []), ...command], {
      cwd: serverRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: options.quiet === true ? 'warn' : 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
        TZ: 'UTC',
        TICKWORK_DATA_DIR: dataDir,
        TICKWORK_ADMIN_API_KEY: apiKey,
        INIT_CWD: dataDir,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, dataDir, apiKey);
    if (options.quiet === true) {
      server.url = `http://127.0.0.1:${port}`;
      await server.#waitForHealth();
    } else {
      await server.#waitForListening();
    }
    return server;
  }

  async #waitForHealth(): Promise<void> {
    this.child.stdout?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString('utf8')));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.exitCode !== null) throw new Error(`server exited with code ${this.exitCode}:\n${this.logs.join('')}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`server did not answer /health within 60 s:\n${this.logs.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  #waitForListening(): Promise<void> {
    return new Promise((resolve, reject) => {
      let buffered = '';
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          this.logs.push(line);
          if (this.url === '' && line.includes('Tickwork is listening')) {
            this.url = (JSON.parse(line) as { url: string }).url;
            resolve();
          }
        }
      };
      this.child.stdout?.on('data', onData);
      this.child.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString('utf8')));
      this.child.once('exit', (code) => {
        if (this.url === '') reject(new Error(`server exited with code ${code} before listening:\n${this.logs.join('\n')}`));
      });
    });
  }

  /** Log lines parsed as JSON objects (pino's production format). */
  jsonLogs(): Array<Record<string, unknown>> {
    return this.logs.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.#exited;
    return this.exitCode;
  }

  /** Stops the server and deletes its data folder. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Sends an HTTP request with the admin API key in the X-Emby-Token header. */
  async request(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${route}`, {
      method,
      headers: {
        'X-Emby-Token': this.apiKey,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
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

/** Runs `pnpm tickwork …` (the CLI) against a data folder and returns its output. */
export function runCli(dataDir: string, args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliScript, ...args], {
      cwd: serverRoot,
      env: { ...process.env, TICKWORK_DATA_DIR: dataDir, INIT_CWD: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(input);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls until the check returns a value other than undefined, on real time. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
