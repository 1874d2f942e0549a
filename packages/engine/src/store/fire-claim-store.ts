import { createHash } from 'node:crypto';

import { OUTAGE_RETRY_DELAYS_MS, retryTransient } from '@tickwork/db';
import type { Db, WriteClient } from '@tickwork/db';

import { triggerFingerprint } from '../trigger-check.ts';
import type { Trigger } from '../trigger.ts';

/**
 * Claims scheduled fires. A fire is identified by (task, trigger, scheduled
 * instant), and inserting that key succeeds for exactly one caller. So
 * several processes may evaluate the same schedule, and only one runs each fire.
 */
export class FireClaimStore {
  constructor(
    private readonly db: Db,
    private readonly node: string,
  ) {}

  /**
   * Returns true when this process won the fire. While the database is
   * unreachable the claim is retried (see OUTAGE_RETRY_DELAYS_MS), so a fire
   * due during a restart runs late instead of never.
   */
  async claim(taskId: string, trigger: Trigger, scheduledAt: number): Promise<boolean> {
    let attempts = 0;
    const inserted = await retryTransient(() => {
      attempts += 1;
      return insertFireClaim(this.db, this.node, taskId, { trigger, scheduledAt });
    }, OUTAGE_RETRY_DELAYS_MS);
    if (inserted === 1) return true;
    if (attempts === 1) return false;
    // An attempt whose reply was lost may have written the claim itself.
    const rows = await this.db.$queryRaw<Array<{ node: string }>>`SELECT "node" FROM "FireClaim"
      WHERE "taskId" = ${taskId} AND "triggerKey" = ${triggerKey(trigger)} AND "scheduledAt" = ${new Date(scheduledAt)}`;
    return rows[0]?.node === this.node;
  }

  /** Deletes claims made before `olderThan`, at most `batchSize` of them. */
  async pruneClaims(olderThan: number, batchSize: number): Promise<number> {
    const stale = await this.db.fireClaim.findMany({
      where: { claimedAt: { lt: new Date(olderThan) } },
      take: batchSize,
      select: { taskId: true, triggerKey: true, scheduledAt: true },
    });
    if (stale.length === 0) return 0;
    const deleted = await this.db.fireClaim.deleteMany({ where: { OR: stale } });
    return deleted.count;
  }
}

/** One scheduled fire of a trigger. */
export interface FireKey {
  trigger: Trigger;
  scheduledAt: number;
}

/** Inserts the claim of one fire; resolves with 1 when this call won it and 0 when it was taken. */
export function insertFireClaim(client: WriteClient, node: string, taskId: string, fire: FireKey): Promise<number> {
  return client.$executeRaw`INSERT INTO "FireClaim" ("taskId", "triggerKey", "scheduledAt", "node", "claimedAt")
    VALUES (${taskId}, ${triggerKey(fire.trigger)}, ${new Date(fire.scheduledAt)}, ${node}, ${new Date()})
    ON CONFLICT DO NOTHING`;
}

/** Derives a short stable key from a trigger's definition. */
export function triggerKey(trigger: Trigger): string {
  return createHash('sha256').update(triggerFingerprint(trigger)).digest('hex').slice(0, 32);
}
