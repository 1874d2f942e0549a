import type { StoredAnchor } from './task-store.ts';

export interface AnchorSource {
  id: string;
  anchors: StoredAnchor[];
}

/**
 * Saves trigger anchors after fires, one write at a time: anchors that come
 * in while a write is under way wait and go out together in the next one.
 * Under a steady stream of fires, many tasks then share one transaction (one
 * commit, one fsync on SQLite) instead of one each. An idle engine writes at
 * once. The newest anchors of a task are written, whenever it was queued.
 */
export class AnchorWriter {
  readonly #write: (batch: Array<{ taskId: string; anchors: StoredAnchor[] }>) => Promise<void>;
  #queued = new Map<string, AnchorSource>();
  #waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #writing: Promise<void> | undefined;

  constructor(write: (batch: Array<{ taskId: string; anchors: StoredAnchor[] }>) => Promise<void>) {
    this.#write = write;
  }

  /** Queues a task's anchors; resolves once a write that includes them has committed. */
  save(task: AnchorSource): Promise<void> {
    this.#queued.set(task.id, task);
    const saved = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#writing ??= this.#drain();
    return saved;
  }

  /** Resolves when every queued save has been written or has failed. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  async #drain(): Promise<void> {
    // Let the fires of the current timer turn join the first batch.
    await Promise.resolve();
    while (this.#queued.size > 0) {
      const batch = [...this.#queued.values()].map((task) => ({ taskId: task.id, anchors: task.anchors }));
      const waiting = this.#waiting;
      this.#queued = new Map();
      this.#waiting = [];
      try {
        await this.#write(batch);
        for (const waiter of waiting) waiter.resolve();
      } catch (error) {
        for (const waiter of waiting) waiter.reject(error);
      }
    }
    this.#writing = undefined;
  }
}
