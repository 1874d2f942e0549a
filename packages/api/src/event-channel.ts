/**
 * A queue between event listeners and one subscriber's async iterator.
 * It keeps at most `capacity` undelivered events. A subscriber that falls
 * that far behind is cut off with an error instead of growing the queue
 * without bound, so one slow client cannot take memory from everyone.
 *
 * The iterator is written by hand rather than as an async generator. A
 * progress value goes out to every subscriber at once, so the promise steps
 * per event count: a pushed event settles the waiting `next()` directly.
 */
export class EventChannel<T> {
  readonly #queue: T[] = [];
  /** The pending `next()` of the iterator, while the queue is empty. */
  #waiter: ((result: IteratorResult<T, undefined>) => void) | undefined;
  /** Ends the iteration that drain() returned; set by drain(). */
  #finish: (() => void) | undefined;
  #failure: Error | undefined;
  #closed = false;

  constructor(private readonly capacity: number) {}

  push(event: T): void {
    if (this.#closed) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      // A waiting subscriber has read everything before this event.
      this.#waiter = undefined;
      waiter({ value: event, done: false });
      return;
    }
    if (this.#queue.length >= this.capacity) {
      this.#failure = new Error(
        `The subscriber fell ${this.capacity} events behind and was disconnected; subscribe again to get a fresh snapshot.`,
      );
      this.#closed = true;
      return;
    }
    this.#queue.push(event);
  }

  close(): void {
    this.#closed = true;
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    this.#waiter = undefined;
    this.#finish?.();
    waiter({ value: undefined, done: true });
  }

  /**
   * Returns an iterator over queued and later events, in order, until the
   * channel closes or the signal aborts. A subscriber that was cut off gets
   * the cut-off error after its queued events. `onFinish` runs once when the
   * iteration ends: closed, aborted, cut off, or stopped by the consumer.
   */
  drain(signal?: AbortSignal, onFinish?: () => void): AsyncIterableIterator<T, undefined> {
    let finished = false;
    const onAbort = () => this.close();
    const finish = () => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      onFinish?.();
    };
    this.#finish = finish;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) this.close();

    const iterator: AsyncIterableIterator<T, undefined> = {
      next: () => {
        if (this.#queue.length > 0) return Promise.resolve({ value: this.#queue.shift() as T, done: false });
        if (this.#failure !== undefined) {
          finish();
          return Promise.reject(this.#failure);
        }
        if (this.#closed || finished) {
          finish();
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise<IteratorResult<T, undefined>>((resolve) => {
          this.#waiter = resolve;
        });
      },
      return: () => {
        this.close();
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
