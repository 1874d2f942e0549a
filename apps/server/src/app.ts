import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import { Accounts, PASSWORD_FILE_NAME, bootstrapAdmin } from '@tickwork/accounts';
import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';
import { Engine, createBuiltInTasks, loadPluginTasks } from '@tickwork/engine';
import type { TaskDefinition } from '@tickwork/engine';
import { jellyfinPlugin, rewriteJellyfinUrl } from '@tickwork/jellyfin';

import type { Config } from './config.ts';
import { Metrics } from './metrics.ts';
import { registerLiveEndpoints } from './live-endpoints.ts';
import { registerPortalRoutes, startPortal } from './portal.ts';
import { loadServerId } from './server-identity.ts';
import { SERVER_VERSION, TICKWORK_VERSION } from './version.ts';

/** Largest request body accepted; larger ones get 413. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface TickworkServer {
  app: FastifyInstance;
  engine: Engine;
  database: Database;
  accounts: Accounts;
  metrics: Metrics;
  /** The address the server listens on, such as http://127.0.0.1:8096. */
  url: string;
  /** Graceful shutdown: stop accepting requests, cancel runs, record them, close the database. */
  close(): Promise<void>;
}

/** Opens the database, starts the engine and listens for HTTP requests. */
export async function startServer(config: Config, logger: Logger): Promise<TickworkServer> {
  for (const folder of [config.dataDir, config.pluginsDir, config.cacheDir, config.transcodeDir, config.logDir]) {
    await mkdir(folder, { recursive: true });
  }

  const portal = startPortal(logger, config.basePath);
  const metrics = new Metrics();
  const database = await openDatabase({
    url: config.databaseUrl,
    onQuery: (durationMs) => metrics.recordQuery(durationMs),
    exclusiveProcess: true,
    sqliteSynchronous: config.sqliteSynchronous,
  });
  logger.info({ provider: database.provider, dataDir: config.dataDir }, 'Database ready');
  logger.info({ libraries: config.libraries.map((library) => library.name) }, 'Libraries configured');

  const accounts = new Accounts(database.prisma);
  const bootstrap = await bootstrapAdmin(accounts, {
    dataDir: config.dataDir,
    adminApiKey: config.adminApiKey,
    adminPassword: config.adminPassword,
  });
  const passwordFile = path.join(config.dataDir, PASSWORD_FILE_NAME);
  if (bootstrap.kind === 'generated') {
    logger.warn(
      { passwordFile },
      'Created the administrator "admin" with a random password; read it from the password file, then delete the file',
    );
  } else if (existsSync(passwordFile)) {
    logger.warn({ passwordFile }, 'The first administrator password is still stored in the password file; delete it once you have signed in');
  }

  const engine = new Engine({
    database,
    logger,
    timeZone: config.timeZone,
    misfirePolicy: config.misfirePolicy,
    gracePeriodMs: config.gracePeriodMs,
    startupDelayMs: config.startupDelayMs,
    maxConcurrentRuns: config.maxConcurrentRuns,
    version: TICKWORK_VERSION,
    historyMaxRuns: config.historyMaxRuns,
    historyMaxAgeMs: config.historyMaxAgeDays * 24 * 3600 * 1000,
    paths: { data: config.dataDir, cache: config.cacheDir, transcode: config.transcodeDir, logs: config.logDir },
  });
  metrics.observe(engine);

  const plugins = await loadPluginTasks(config.pluginsDir, logger);
  const builtIns = createBuiltInTasks({
    libraries: config.libraries,
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    cacheRetentionDays: config.cacheRetentionDays,
    transcodeRetentionDays: config.transcodeRetentionDays,
    logRetentionDays: config.logRetentionDays,
    activityLogRetentionDays: config.activityLogRetentionDays,
    historyMaxRuns: config.historyMaxRuns,
    historyMaxAgeDays: config.historyMaxAgeDays,
    pluginRepositoryUrls: config.pluginRepositoryUrls,
    releaseFeedUrl: config.releaseFeedUrl,
    updateCheckTimeoutMs: config.updateCheckTimeoutMs,
    serverVersion: TICKWORK_VERSION,
    pluginAbiVersion: SERVER_VERSION,
    installedPlugins: () => plugins.flatMap((plugin) => (plugin.info === undefined ? [] : [plugin.info])),
  });
  for (const task of builtIns) engine.register(task);
  for (const plugin of plugins) {
    for (const task of plugin.tasks) registerPluginTask(engine, task, plugin.file, logger);
  }
  await engine.start();

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's own request lines would include query strings, which may carry api_key tokens.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    rewriteUrl: (request) => rewriteJellyfinUrl(request.url ?? '/', config.basePath),
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: reply.elapsedTime },
      'Request served',
    );
  });

  const serverId = await loadServerId(config.dataDir);
  await app.register(jellyfinPlugin, {
    engine,
    accounts,
    basePath: config.basePath,
    server: { id: serverId, name: config.serverName, version: SERVER_VERSION, localAddress: config.publicUrl },
  });
  const closeLiveEndpoints = await registerLiveEndpoints(
    app,
    {
      engine,
      accounts,
      logger,
      server: { id: serverId, name: config.serverName, version: TICKWORK_VERSION, timeZone: config.timeZone },
      libraries: { items: config.libraries, source: config.librarySource },
    },
    config.basePath,
    portal,
  );
  app.get('/health', async () => ({ status: 'ok', version: TICKWORK_VERSION }));
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  if (portal !== undefined) registerPortalRoutes(app, portal);

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}${config.basePath}`;
  logger.info({ url, timeZone: config.timeZone }, 'Tickwork is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      closeLiveEndpoints();
      await app.close();
      await portal?.close();
      await engine.stop();
      await database.close();
    })();
    return closing;
  };
  return { app, engine, database, accounts, metrics, url, close };
}

function registerPluginTask(engine: Engine, task: TaskDefinition, file: string, logger: Logger): void {
  try {
    engine.register(task);
  } catch (error) {
    logger.error({ err: error, file, taskKey: task.key }, 'Skipped a plugin task');
  }
}
