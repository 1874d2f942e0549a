import { describe, expect, it } from 'vitest';

import { AnchorWriter } from '../src/store/anchor-writer.ts';
import type { StoredAnchor } from '../src/store/task-store.ts';
import { deferred } from './support/harness.ts';

type Batch = Array<{ taskId: string; anchors: StoredAnchor[] }>;

const anchorAt = (lastFireAt: number): StoredAnchor[] => [{ storedAt: 0, lastFireAt } as StoredAnchor];

describe('AnchorWriter', () => {
  it('writes saves of one turn together', async () => {
    const batches: Batch[] = [];
    const writer = new AnchorWriter(async (batch) => {
      batches.push(batch);
    });
    await Promise.all(['a', 'b', 'c'].map((id) => writer.save({ id, anchors: anchorAt(1) })));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((entry) => entry.taskId)).toEqual(['a', 'b', 'c']);
  });

  it('queues saves behind a write under way and keeps the newest anchors', async () => {
    const batches: Batch[] = [];
    const firstWrite = deferred();
    const writer = new AnchorWriter(async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await firstWrite.promise;
    });
    const task = { id: 'a', anchors: anchorAt(1) };
    const first = writer.save(task);
    await new Promise((resolve) => setImmediate(resolve));
    task.anchors = anchorAt(2);
    const second = writer.save(task);
    task.anchors = anchorAt(3);
    const third = writer.save({ id: 'b', anchors: anchorAt(3) });
    const fourth = writer.save(task);
    firstWrite.resolve();
    await Promise.all([first, second, third, fourth]);

    expect(batches).toHaveLength(2);
    expect(batches[1]?.map((entry) => [entry.taskId, entry.anchors[0]?.lastFireAt])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
  });

  it('rejects the saves of a failed write and writes later ones', async () => {
    let fail = true;
    const writer = new AnchorWriter(async () => {
      if (fail) throw new Error('database is locked');
    });
    await expect(writer.save({ id: 'a', anchors: anchorAt(1) })).rejects.toThrow('database is locked');
    fail = false;
    await expect(writer.save({ id: 'a', anchors: anchorAt(2) })).resolves.toBeUndefined();
    await writer.flush();
  });
});
