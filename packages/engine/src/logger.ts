/**
 * The part of pino's logger interface the engine uses, so that the engine
 * does not depend on a logging library and tests can pass pino itself.
 */
export interface EngineLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: object): EngineLogger;
}

/** A logger that drops everything. */
export const silentLogger: EngineLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
