// The glue that lets the Tickwork server process serve this Next.js app (a custom server).
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The folder of the portal's Next.js app; `next build` writes its output to `.next` inside it. */
export const PORTAL_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface Portal {
  /** Answers an HTTP request with a page, a static asset or Next's 404 page. */
  handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Takes over a WebSocket upgrade request for one of Next's own paths (/_next/...). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Whether `next build` has written a production build into the folder. */
export function isPortalBuilt(dir: string = PORTAL_DIR): boolean {
  return existsSync(path.join(dir, '.next', 'BUILD_ID'));
}

/**
 * Loads the production build of the portal, or returns undefined when the
 * folder has none (run `pnpm build` to make one).
 */
export async function loadPortal(dir: string = PORTAL_DIR): Promise<Portal | undefined> {
  if (!isPortalBuilt(dir)) return undefined;
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';

  // next is a CommonJS package: its factory is the default export, or that export's own default.
  const nextModule = (await import('next')) as unknown as { default: NextFactory | { default: NextFactory } };
  const createNext = typeof nextModule.default === 'function' ? nextModule.default : nextModule.default.default;
  const app = createNext({ dev: false, dir, customServer: true });
  await app.prepare();

  const requestHandler = app.getRequestHandler();
  const upgradeHandler = app.getUpgradeHandler();
  return {
    handleRequest: (request, response) => requestHandler(request, response),
    handleUpgrade: (request, socket, head) => upgradeHandler(request, socket, head),
    close: () => app.close(),
  };
}

type NextFactory = typeof import('next').default;
