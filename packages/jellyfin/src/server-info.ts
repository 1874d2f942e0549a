import type { Accounts } from '@tickwork/accounts';
import type { Engine } from '@tickwork/engine';

/** Facts about this server that Jellyfin clients read. */
export interface ServerIdentity {
  /** 32 lowercase hex characters, stable for the life of the data directory. */
  id: string;
  name: string;
  version: string;
  /** The URL clients should use, if configured (TICKWORK_BASE_URL). */
  localAddress?: string;
}

export interface JellyfinPluginOptions {
  engine: Engine;
  accounts: Accounts;
  server: ServerIdentity;
  /** Base path all routes live under, such as `/jellyfin`; '' for none. */
  basePath: string;
}
