import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import type { TRPCClient } from '@trpc/client';

import type { AppRouter } from './root.ts';

/**
 * A WebSocket class: the browser's, or the `ws` package's on Node 20. The
 * `ws` class lacks a few browser-only members of the DOM type, which the
 * tRPC client does not use, so the option takes any such constructor.
 */
export type WebSocketClass = new (url: string, protocols?: string | string[]) => unknown;

export interface TickworkClientOptions {
  /** The server's base URL, such as http://127.0.0.1:8096. */
  url: string;
  /** An access token (from /Users/AuthenticateByName) or an API key. */
  token?: string;
  /**
   * The WebSocket class. Browsers have one; on Node 20 pass `WebSocket`
   * from the `ws` package.
   */
  WebSocket?: WebSocketClass;
  /** Called when the live connection opens, closes or fails. */
  onConnectionChange?: (state: 'open' | 'closed') => void;
}

export interface TickworkClient {
  api: TRPCClient<AppRouter>;
  /** Closes the live connection. */
  close(): void;
}

/**
 * Creates a typed client: queries and mutations go over HTTP in batches,
 * subscriptions over one WebSocket that reconnects by itself (each
 * subscription then starts again with a snapshot).
 */
export function createTickworkClient(options: TickworkClientOptions): TickworkClient {
  const base = options.url.replace(/\/+$/, '');
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    WebSocket: options.WebSocket as typeof globalThis.WebSocket | undefined,
    connectionParams: () => (options.token === undefined ? {} : { token: options.token }),
    onOpen: () => options.onConnectionChange?.('open'),
    onClose: () => options.onConnectionChange?.('closed'),
  });
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: `${base}/trpc`,
          headers: () => (options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
        }),
      }),
    ],
  });
  return { api, close: () => wsClient.close() };
}
