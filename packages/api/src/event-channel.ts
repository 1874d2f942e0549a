/**
 * A queue between event listeners and one subscriber's async generator.
 * It keeps at most `capacity` undelivered events. A subscriber that falls
 * that far behind is cut off with an error instead of growing the queue
 * without bound, so one slow client cannot take memory from everyone.
 */
export class EventChannel<T> {
  readonly #queue: T[] = [];
  #waiter: (() => void) | undefined;
  #failure: Error | undefined;
  #closed = false;

  constructor(private readonly capacity: number) {}

  push(event: T): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.capacity) {
      this.#failure = new Error(
        `The subscriber fell ${this.capacity} events behind and was disconnected; subscribe again to get a fresh snapshot.`,
      );
      this.#closed = true;
    } else {
      this.#queue.push(event);
    }
    this.#wake();
  }

  close(): void {
    this.#closed = true;
    this.#wake();
  }

  /** Yields queued events in order until the channel closes or the signal aborts. */
  async *drain(signal?: AbortSignal): AsyncGenerator<T> {
    const onAbort = () => this.close();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        while (this.#queue.length > 0) yield this.#queue.shift() as T;
        if (this.#failure !== undefined) throw this.#failure;
        if (this.#closed || signal?.aborted) return;
        await new Promise<void>((resolve) => {
          this.#waiter = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}
