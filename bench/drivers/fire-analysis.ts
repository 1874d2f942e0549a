/**
 * Turns the fire records of Tickwork's bench tasks into lateness, missed and
 * duplicate fires for one recorded window.
 *
 * On SQLite an interval trigger counts from the later of its last fire and
 * the end of its last run (as Jellyfin's does); in a cluster it counts from
 * its last fire only. On SQLite the engine computes the next instant
 * when it fires, from the newest run end it has then, and a run that ends
 * later moves the instant again. So the next fire of a task is due between
 * scheduledAt + interval and max(scheduledAt, runEnd) + interval, and the
 * phases drift by a few milliseconds per fire. The expected instants are
 * rebuilt per task from the chain of its own fires: a fire more than half an
 * interval after the later bound means expected instants were skipped
 * (missed), and one more than half an interval before the earlier bound is
 * an extra run (duplicate).
 */
import type { FireResult } from './types.ts';
import type { FireRecord } from './tickwork-plugin.ts';

export interface FireData {
  records: FireRecord[];
  /** End of each recorded run (epoch ms) by run id, from the Run table. */
  runEnds: Map<string, number>;
  /** Fire claims by task key and scheduled instant, from the FireClaim table (PostgreSQL only). */
  claims?: Array<{ taskKey: string; scheduledAt: number }>;
}

export interface FireWindow {
  intervalMs: number;
  start: number;
  end: number;
}

export interface TickworkFireResult extends FireResult {
  /** Fires the expected chain predicts in the window; missed ones included. */
  expected: number;
  /** Fire claims in the window with no run of that instant (PostgreSQL only). */
  claimsWithoutRun?: number;
}

/** Analyzes one window. Fires are attributed to the window their scheduled instant falls in. */
export function analyzeFires(data: FireData, window: FireWindow): TickworkFireResult {
  const { intervalMs, start, end } = window;
  const inWindow = (at: number) => at >= start && at < end;

  const byTask = new Map<string, FireRecord[]>();
  for (const record of data.records) {
    const list = byTask.get(record.taskKey) ?? [];
    list.push(record);
    byTask.set(record.taskKey, list);
  }

  const lateness: number[] = [];
  let missed = 0;
  let duplicates = 0;
  let expected = 0;
  for (const records of byTask.values()) {
    records.sort((a, b) => a.scheduledAt - b.scheduledAt || a.startedAt - b.startedAt);
    let previous: FireRecord | undefined;
    for (const record of records) {
      if (inWindow(record.scheduledAt)) lateness.push(record.startedAt - record.scheduledAt);
      if (previous === undefined) {
        if (inWindow(record.scheduledAt)) expected += 1;
        previous = record;
        continue;
      }
      const next = nextInstant(previous, data.runEnds, intervalMs);
      const offset = record.scheduledAt - next;
      if (record.scheduledAt - previous.scheduledAt < intervalMs / 2) {
        if (inWindow(record.scheduledAt)) duplicates += 1;
        continue;
      }
      // Expected instants skipped before this fire, then this fire itself.
      const skipped = Math.round(offset / intervalMs);
      for (let step = 0; step < skipped; step += 1) {
        if (inWindow(next + step * intervalMs)) {
          missed += 1;
          expected += 1;
        }
      }
      if (inWindow(record.scheduledAt)) expected += 1;
      previous = record;
    }
    // Instants due before the window ended that never fired.
    if (previous !== undefined) {
      for (let at = nextInstant(previous, data.runEnds, intervalMs); at < end; at += intervalMs) {
        if (at >= start) {
          missed += 1;
          expected += 1;
        }
      }
    }
  }

  const result: TickworkFireResult = {
    lateness,
    missed,
    duplicates,
    expected,
    firesPerSecond: lateness.length / ((end - start) / 1000),
  };
  if (data.claims !== undefined) {
    const fired = new Set(data.records.map((record) => `${record.taskKey} ${record.scheduledAt}`));
    result.claimsWithoutRun = data.claims.filter(
      (claim) => inWindow(claim.scheduledAt) && !fired.has(`${claim.taskKey} ${claim.scheduledAt}`),
    ).length;
  }
  return result;
}

/** Returns the latest instant the engine may schedule after this fire: an interval after the later of the fire and its run's end. */
function nextInstant(fire: FireRecord, runEnds: Map<string, number>, intervalMs: number): number {
  const runEnd = runEnds.get(fire.runId) ?? fire.scheduledAt;
  return Math.max(fire.scheduledAt, runEnd) + intervalMs;
}
