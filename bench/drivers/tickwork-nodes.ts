/**
 * Tickwork server processes for the benchmark drivers: one node on SQLite,
 * or one or more nodes sharing a fresh PostgreSQL database (cluster mode),
 * all loaded with the generated no-op plugin.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';
import { createTestDatabase } from '@tickwork/db/testing';
import type { TestDatabase } from '@tickwork/db/testing';

import { ServerProcess } from '../../apps/server/test/support/server-process.ts';
import { benchTaskKey, noopPluginSource } from './tickwork-plugin.ts';

export interface TickworkNodeOptions {
  database: 'sqlite' | 'postgresql';
  /** Server processes to start; SQLite allows one. */
  nodes: number;
  tempDir: string;
  log(message: string): void;
  /** More server settings, such as TICKWORK_SQLITE_SYNCHRONOUS. */
  env?: Record<string, string>;
  /** Extra node options for every server process, such as `--cpu-prof`. */
  nodeArguments?: string[];
}

/** PostgreSQL databases the benchmark creates start with this name; they are dropped afterwards. */
const POSTGRES_DATABASE_PREFIX = 'bench_fire';

/** Requests in flight per node; more would only queue in the server's accept backlog. */
const MAX_SOCKETS_PER_NODE = 64;

/** Running Tickwork nodes on one database, with the no-op tasks registered. */
export class TickworkNodes {
  readonly servers: ServerProcess[] = [];
  /** Task ids of the bench tasks, by index. */
  taskIds: string[] = [];
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_NODE });
  readonly #apiKey = randomBytes(16).toString('hex');
  #databaseUrl = '';
  #postgres: TestDatabase | undefined;

  private constructor(
    readonly options: TickworkNodeOptions,
    readonly tasks: number,
  ) {}

  /** Creates the database, starts the nodes one after another, and reads the task ids. */
  static async start(tasks: number, options: TickworkNodeOptions): Promise<TickworkNodes> {
    if (options.database === 'sqlite' && options.nodes !== 1) {
      throw new Error(`SQLite allows one server process per database, not ${options.nodes}.`);
    }
    const nodes = new TickworkNodes(options, tasks);
    try {
      if (options.database === 'postgresql') {
        nodes.#postgres = await createTestDatabase(POSTGRES_DATABASE_PREFIX);
        nodes.#databaseUrl = nodes.#postgres.url;
      }
      for (let index = 0; index < options.nodes; index += 1) await nodes.addNode();
      await nodes.#readTaskIds();
    } catch (error) {
      await nodes.destroy();
      throw error;
    }
    return nodes;
  }

  /** Starts one more node on the same database. */
  async addNode(): Promise<ServerProcess> {
    const began = performance.now();
    // No startup delay: fires due in the first seconds would otherwise wait for it together and
    // stay bunched, because an interval counts from the end of its last run.
    const env: Record<string, string> = {
      ...this.options.env,
      TICKWORK_ADMIN_API_KEY: this.#apiKey,
      TICKWORK_STARTUP_DELAY_SECONDS: '0',
    };
    if (this.#databaseUrl !== '') env.DATABASE_URL = this.#databaseUrl;
    const server = await ServerProcess.start({
      plugins: { 'bench-noop.mjs': noopPluginSource(this.tasks) },
      env,
      quiet: true,
      bundled: true,
      nodeArguments: this.options.nodeArguments,
    });
    this.servers.push(server);
    if (this.#databaseUrl === '') this.#databaseUrl = `file:${path.join(server.dataDir, 'tickwork.db')}`;
    this.options.log(
      `node ${this.servers.length} (${this.options.database}) ready in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    return server;
  }

  async #readTaskIds(): Promise<void> {
    const tasks = (await this.requestJson(0, 'GET', '/ScheduledTasks')) as Array<{ Id: string; Key: string }>;
    const idByKey = new Map(tasks.map((task) => [task.Key, task.Id]));
    this.taskIds = Array.from({ length: this.tasks }, (_, index) => {
      const id = idByKey.get(benchTaskKey(index));
      if (id === undefined) throw new Error(`The server did not register the bench task ${benchTaskKey(index)}.`);
      return id;
    });
  }

  /** Sends a request to one node with the admin API key and returns the status code and body. */
  request(node: number, method: string, route: string, body?: unknown): Promise<{ status: number; body: string }> {
    const server = this.servers[node];
    if (server === undefined) throw new Error(`No node ${node}; ${this.servers.length} are running.`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${server.url}${route}`,
        {
          method,
          agent: this.#agent,
          headers: {
            'X-Emby-Token': this.#apiKey,
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** Sends a request and parses a JSON response; rejects on any status other than 2xx. */
  async requestJson(node: number, method: string, route: string, body?: unknown): Promise<unknown> {
    const response = await this.request(node, method, route, body);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`${method} ${route} on node ${node} failed with status ${response.status}: ${response.body}`);
    }
    return response.body === '' ? undefined : JSON.parse(response.body);
  }

  /** Opens the nodes' database from the benchmark process, without migrating it. */
  openDatabase(): Promise<Database> {
    return openDatabase({ url: this.#databaseUrl, migrate: false });
  }

  /** Stops every node with SIGTERM (a graceful shutdown, which flushes the plugin's records). */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop('SIGTERM')));
  }

  /** Stops every node, deletes their data folders and drops the PostgreSQL database. */
  async destroy(): Promise<void> {
    this.#agent.destroy();
    // A profile (--cpu-prof) is written only when the process exits by itself.
    if (this.options.nodeArguments !== undefined) await Promise.all(this.servers.map((server) => server.stop('SIGTERM')));
    await Promise.all(this.servers.map((server) => server.destroy()));
    if (this.#postgres !== undefined) {
      await this.#postgres.drop();
      this.#postgres = undefined;
    }
  }
}
