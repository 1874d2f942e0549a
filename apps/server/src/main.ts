// The Tickwork server process: configuration from the environment, one HTTP port.
import v8 from 'node:v8';

import { DatabaseInUseError } from '@tickwork/db';

import { startServer } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

// Prisma compiles its queries in a WebAssembly module. V8 first compiles it with its
// baseline compiler (Liftoff) and then again with its optimizing one, whose code
// kept about 50 MB more resident (Node.js 20). Query plans are cached, and 1,000
// findFirst calls took about as long either way on a loaded 2-core machine. The
// flag must be set before the first database query compiles the module.
v8.setFlagsFromString('--liftoff-only');

// pnpm runs package scripts in the package folder; INIT_CWD is where the user ran the command.
const baseDir = process.env.INIT_CWD ?? process.cwd();

let config;
try {
  config = loadConfig(process.env, baseDir);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
let server;
try {
  server = await startServer(config, logger);
} catch (error) {
  if (error instanceof DatabaseInUseError) logger.fatal({}, error.message);
  else logger.fatal({ err: error }, 'Tickwork failed to start');
  process.exit(1);
}

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) {
    logger.warn({ signal }, 'Second signal received; exiting without waiting for runs');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'Shutting down');
  server.close().then(
    () => {
      logger.info({}, 'Stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
