import type { Db } from '@tickwork/db';

export interface NodeRecord {
  id: string;
  hostname: string;
  pid: number;
  version: string;
  startedAt: number;
  lastSeenAt: number;
}

/** A node as the portal and API list it. */
export interface NodeStatus extends NodeRecord {
  isThisNode: boolean;
  /**
   * True for this node, and for another node that marked itself seen within
   * the lease time, so that runs it owns are not yet taken over.
   */
  leaseIsCurrent: boolean;
}

/** The registry of server processes sharing the database. */
export class NodeStore {
  constructor(private readonly db: Db) {}

  /** Records this process as started and seen now. */
  async register(node: NodeRecord): Promise<void> {
    const data = {
      hostname: node.hostname,
      pid: node.pid,
      version: node.version,
      startedAt: new Date(node.startedAt),
      lastSeenAt: new Date(node.lastSeenAt),
    };
    await this.db.node.upsert({ where: { id: node.id }, create: { id: node.id, ...data }, update: data });
  }

  async markSeen(id: string, at: number): Promise<void> {
    await this.db.node.updateMany({ where: { id }, data: { lastSeenAt: new Date(at) } });
  }

  /** Lists every known node, most recently seen first. */
  async list(): Promise<NodeRecord[]> {
    const rows = await this.db.node.findMany({ orderBy: { lastSeenAt: 'desc' } });
    return rows.map((row) => ({
      id: row.id,
      hostname: row.hostname,
      pid: row.pid,
      version: row.version,
      startedAt: row.startedAt.getTime(),
      lastSeenAt: row.lastSeenAt.getTime(),
    }));
  }
}
