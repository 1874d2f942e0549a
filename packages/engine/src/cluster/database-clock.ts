import type { Clock, TimerHandle } from '../clock.ts';

/**
 * A clock that reads the database server's time: the wrapped clock plus an
 * offset measured against the server. Every node of a cluster decides when
 * fires are due. Because they all read this one clock, they agree on when an
 * instant has come even when their own clocks drift apart. Timers and
 * monotonic time are the wrapped clock's.
 */
export class DatabaseClock implements Clock {
  /** Database time minus the wrapped clock's time, in milliseconds. */
  #offsetMs = 0;

  constructor(private readonly inner: Clock) {}

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Applies a new measurement of the database's time relative to the wrapped clock. */
  setOffset(offsetMs: number): void {
    this.#offsetMs = Math.round(offsetMs);
  }

  now(): number {
    return this.inner.now() + this.#offsetMs;
  }

  monotonic(): number {
    return this.inner.monotonic();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    return this.inner.setTimeout(callback, delayMs);
  }

  clearTimeout(handle: TimerHandle): void {
    this.inner.clearTimeout(handle);
  }
}

/**
 * Measures how far the database server's clock is ahead of `localNow`, as
 * the difference between the server's `now()` and the midpoint of the local
 * times around the query. Its error is at most half the round trip.
 */
export async function measureDatabaseOffset(
  queryServerNow: () => Promise<Date | undefined>,
  localNow: () => number,
): Promise<{ offsetMs: number; roundTripMs: number } | undefined> {
  const before = localNow();
  const serverNow = await queryServerNow();
  const after = localNow();
  if (serverNow === undefined) return undefined;
  return { offsetMs: serverNow.getTime() - (before + after) / 2, roundTripMs: after - before };
}
