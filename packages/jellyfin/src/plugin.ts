import type { FastifyError, FastifyInstance } from 'fastify';

import { isTransientDatabaseError } from '@tickwork/db';

import { sendProblem } from './json-reply.ts';
import { scheduledTaskRoutes } from './routes/scheduled-tasks.ts';
import { systemRoutes } from './routes/system.ts';
import { userRoutes } from './routes/users.ts';
import type { JellyfinPluginOptions } from './server-info.ts';

/** Content types Jellyfin accepts for JSON bodies: application/json, text/json and application/*+json. */
const JSON_CONTENT_TYPES = /^(application\/json|text\/json|application\/[\w.+-]+\+json)\s*(;|$)/i;
/** Seconds a client should wait before retrying when the database is unavailable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The Jellyfin-compatible REST API: scheduled tasks, sign-in, discovery and
 * the activity log, with Jellyfin's JSON conventions and ProblemDetails errors.
 */
export async function jellyfinPlugin(app: FastifyInstance, options: JellyfinPluginOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPES, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  // Clients send a Content-Type with empty POST bodies (start a task, ping); only a
  // non-empty body of another type is rejected.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    const error = new Error('Unsupported media type') as Error & { statusCode: number; code: string };
    error.statusCode = 415;
    error.code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
    return done(error, undefined);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 413, { detail: 'The request body is larger than 1 MiB.' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 415, {
          detail: `Content-Type "${request.headers['content-type'] ?? ''}" is not supported; send application/json.`,
        });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 400, { errors: { $: ['A non-empty JSON request body is required.'] } });
      default:
        break;
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendProblem(reply, 400, { errors: { $: [`The request body is not valid JSON: ${error.message}`] } });
    }
    if (isTransientDatabaseError(error)) {
      request.log.warn({ err: error }, 'Database unavailable; returned 503');
      reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return sendProblem(reply, 503, { detail: 'The database is temporarily unavailable; retry shortly.' });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, error.statusCode, { detail: error.message });
    }
    request.log.error({ err: error }, 'Request failed');
    return sendProblem(reply, 500);
  });

  await app.register(scheduledTaskRoutes, options);
  await app.register(userRoutes, options);
  await app.register(systemRoutes, options);
}
