export { startServer } from './app.ts';
export type { TickworkServer } from './app.ts';
export { ConfigError, loadConfig } from './config.ts';
export type { Config } from './config.ts';
export { createLogger } from './logger.ts';
