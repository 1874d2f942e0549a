import type { StoredAnchor } from './store/task-store.ts';
import { checkTrigger, normalizeTrigger, triggerFingerprint } from './trigger-check.ts';
import type { Trigger } from './trigger.ts';

/**
 * Reads a stored trigger list. Returns the triggers, or the problem that
 * makes the stored value unusable (bad JSON, not an array, a bad trigger).
 */
export function parseStoredTriggers(raw: string): { ok: true; triggers: Trigger[] } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  if (!Array.isArray(value)) return { ok: false, problem: 'not a JSON array' };

  for (const [index, trigger] of value.entries()) {
    const problems = checkTrigger(trigger);
    if (problems.length > 0) return { ok: false, problem: `trigger ${index}: ${problems.join(' ')}` };
  }
  return { ok: true, triggers: (value as Trigger[]).map(normalizeTrigger) };
}

/** Reads stored anchors; anything unreadable counts as no anchors. */
export function parseStoredAnchors(raw: string | null): StoredAnchor[] {
  if (raw === null) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (anchor): anchor is StoredAnchor =>
        typeof anchor === 'object' &&
        anchor !== null &&
        typeof anchor.fingerprint === 'string' &&
        typeof anchor.storedAt === 'number' &&
        (anchor.lastFireAt === undefined || typeof anchor.lastFireAt === 'number'),
    );
  } catch {
    return [];
  }
}

/**
 * Pairs each trigger with its anchor. A trigger keeps the anchor of an equal
 * trigger in the previous list (the same index first, then the first unused
 * equal one), so removing one trigger does not restart the others'
 * countdowns. A trigger without one gets a new anchor stored at `now`.
 */
export function matchAnchors(
  triggers: Trigger[],
  previous: StoredAnchor[],
  now: number,
): { anchors: StoredAnchor[]; changed: boolean } {
  const unused = new Set(previous.map((_, index) => index));
  let changed = triggers.length !== previous.length;

  const anchors = triggers.map((trigger, index) => {
    const fingerprint = triggerFingerprint(trigger);
    const sameIndex = previous[index];
    let match: number | undefined;
    if (sameIndex?.fingerprint === fingerprint && unused.has(index)) {
      match = index;
    } else {
      match = [...unused].find((candidate) => previous[candidate]?.fingerprint === fingerprint);
    }

    if (match === undefined) {
      changed = true;
      return { fingerprint, storedAt: now };
    }
    unused.delete(match);
    if (match !== index) changed = true;
    return { ...(previous[match] as StoredAnchor) };
  });
  return { anchors, changed };
}
