import pino from 'pino';
import type { Logger } from 'pino';

/**
 * JSON lines in production (NODE_ENV=production or output not a terminal);
 * readable lines through pino-pretty when a developer watches a terminal.
 * Tokens and passwords never reach a log line: request logs carry no headers
 * or query strings, and the redact list covers the fields that could hold one.
 */
export function createLogger(level: string): Logger {
  const pretty = process.env.NODE_ENV !== 'production' && process.stdout.isTTY === true;
  return pino({
    level,
    redact: {
      paths: ['password', 'token', 'accessToken', '*.password', '*.token', '*.accessToken', 'req.headers.authorization'],
      censor: '[redacted]',
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } } : {}),
  });
}
