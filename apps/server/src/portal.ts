import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import { PORTAL_DIR, isPortalBuilt, loadPortal } from '@tickwork/web/portal';
import type { Portal } from '@tickwork/web/portal';

/**
 * Prepares the admin portal for the server to serve at `/`. Returns undefined,
 * with a log line that says why and what to do, when the portal was not built
 * or the server runs under a base path, which the portal's build does not know.
 * Next.js itself loads on the first request that needs it (about half a second
 * of CPU), so servers used only through their APIs never pay for it.
 */
export function startPortal(logger: Logger, basePath: string, dir: string = PORTAL_DIR): Portal | undefined {
  if (basePath !== '') {
    logger.warn({ basePath }, 'The admin portal is not served under a base path; unset TICKWORK_BASE_URL to serve it at /');
    return undefined;
  }
  if (!isPortalBuilt(dir)) {
    logger.warn({ portalDir: dir }, 'The admin portal is not built, so / is not served; run "pnpm build" to build it');
    return undefined;
  }

  let loading: Promise<Portal> | undefined;
  const load = () => {
    loading ??= (async () => {
      const startedAt = Date.now();
      const portal = await loadPortal(dir);
      if (portal === undefined) throw new Error(`The portal build in ${dir} disappeared after the server started; run "pnpm build" again.`);
      logger.info({ ms: Date.now() - startedAt }, 'Admin portal ready at /');
      return portal;
    })();
    return loading;
  };
  const failed = (error: unknown) => {
    logger.error({ err: error, portalDir: dir }, 'The admin portal failed to load; run "pnpm build" again and restart the server');
  };

  return {
    async handleRequest(request: IncomingMessage, response: ServerResponse) {
      let portal: Portal;
      try {
        portal = await load();
      } catch (error) {
        failed(error);
        response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The admin portal failed to load; see the server log.');
        return;
      }
      await portal.handleRequest(request, response);
    },
    async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      let portal: Portal;
      try {
        portal = await load();
      } catch (error) {
        failed(error);
        socket.destroy();
        return;
      }
      await portal.handleUpgrade(request, socket, head);
    },
    async close() {
      if (loading === undefined) return;
      const portal = await loading.catch(() => undefined);
      await portal?.close();
    },
  };
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
