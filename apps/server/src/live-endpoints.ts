import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import { appRouter, resolvePrincipal } from '@tickwork/api';
import type { ApiDependencies } from '@tickwork/api';
import { JellyfinSocketServer, rewriteJellyfinUrl } from '@tickwork/jellyfin';
import { TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';

import type { AppRouter } from '@tickwork/api';
import type { Portal } from '@tickwork/web/portal';

/**
 * Serves tRPC over HTTP at /trpc and the WebSocket protocols on the same
 * port: tRPC subscriptions at /trpc, Next's own paths (/_next/...) to the
 * portal when it is served, and Jellyfin's feed on every other path
 * (Jellyfin clients use /socket). Returns the function that closes them.
 */
export async function registerLiveEndpoints(
  app: FastifyInstance,
  deps: ApiDependencies,
  basePath: string,
  portal?: Portal,
): Promise<() => void> {
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req }) => ({ ...deps, principal: await resolvePrincipal(deps, req.raw) }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') deps.logger.error({ err: error, path }, 'tRPC procedure failed');
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  const trpcSockets = new WebSocketServer({ noServer: true });
  const trpcHandler = applyWSSHandler({
    wss: trpcSockets,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: async ({ req, info }) => {
      const principal = await resolvePrincipal(deps, req, info.connectionParams);
      const offeredToken = Boolean(info.connectionParams?.token) || req.headers.authorization !== undefined;
      if (principal === undefined && offeredToken) {
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The token is not valid; sign in again or use another API key.' });
      }
      return { ...deps, principal };
    },
  });
  const jellyfinSockets = new JellyfinSocketServer({ engine: deps.engine, accounts: deps.accounts, logger: deps.logger });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = rewriteJellyfinUrl(request.url ?? '/', basePath).split('?')[0]?.toLowerCase() ?? '/';
    if (path.startsWith('/__outside-base-path__')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (path === '/trpc' || path.startsWith('/trpc/')) {
      trpcSockets.handleUpgrade(request, socket, head, (webSocket) => trpcSockets.emit('connection', webSocket, request));
      return;
    }
    if (portal !== undefined && path.startsWith('/_next/')) {
      portal.handleUpgrade(request, socket, head).catch((error: unknown) => {
        deps.logger.error({ err: error, path }, 'The portal failed to take a WebSocket upgrade');
        socket.destroy();
      });
      return;
    }
    void jellyfinSockets.handleUpgrade(request, socket, head);
  };
  app.server.on('upgrade', onUpgrade);

  return () => {
    app.server.off('upgrade', onUpgrade);
    trpcHandler.broadcastReconnectNotification();
    for (const client of trpcSockets.clients) client.terminate();
    trpcSockets.close();
    jellyfinSockets.close();
  };
}
