import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import { PORTAL_DIR, loadPortal } from '@tickwork/web/portal';
import type { Portal } from '@tickwork/web/portal';

/**
 * Loads the admin portal for the server to serve at `/`. Returns undefined,
 * with a log line that says why and what to do, when the portal was not built
 * or the server runs under a base path, which the portal's build does not know.
 */
export async function startPortal(logger: Logger, basePath: string, dir: string = PORTAL_DIR): Promise<Portal | undefined> {
  if (basePath !== '') {
    logger.warn({ basePath }, 'The admin portal is not served under a base path; unset TICKWORK_BASE_URL to serve it at /');
    return undefined;
  }
  const startedAt = Date.now();
  let portal: Portal | undefined;
  try {
    portal = await loadPortal(dir);
  } catch (error) {
    logger.error({ err: error, portalDir: dir }, 'The admin portal failed to load; the APIs are served without it. Run "pnpm build" again');
    return undefined;
  }
  if (portal === undefined) {
    logger.warn({ portalDir: dir }, 'The admin portal is not built, so / is not served; run "pnpm build" to build it');
    return undefined;
  }
  logger.info({ ms: Date.now() - startedAt }, 'Admin portal ready at /');
  return portal;
}

/**
 * Sends every GET and HEAD request that no other route matches to the portal.
 * Other methods keep Fastify's 404, so API clients still get JSON errors.
 */
export function registerPortalRoutes(app: FastifyInstance, portal: Portal): void {
  app.get('/*', (request, reply) => {
    reply.hijack();
    return portal.handleRequest(request.raw, reply.raw);
  });
}
