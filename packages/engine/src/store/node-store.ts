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

  /** Sets a node's last-seen time, and returns false when the node has no row. */
  async markSeen(id: string, at: number): Promise<boolean> {
    const { count } = await this.db.node.updateMany({ where: { id }, data: { lastSeenAt: new Date(at) } });
    return count > 0;
  }

  /** Deletes one node's row, as a node that shuts down cleanly does with its own. */
  async remove(id: string): Promise<void> {
    await this.db.node.deleteMany({ where: { id } });
  }

  /** Deletes every node row except the given node's, and returns the number deleted. */
  async removeAllExcept(id: string): Promise<number> {
    const { count } = await this.db.node.deleteMany({ where: { id: { not: id } } });
    return count;
  }

  /** Deletes the rows of nodes last seen before the given time, and returns the number deleted. */
  async removeNotSeenSince(at: number): Promise<number> {
    const { count } = await this.db.node.deleteMany({ where: { lastSeenAt: { lt: new Date(at) } } });
    return count;
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
