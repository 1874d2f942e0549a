/**
 * The engine's only source of time. Production uses the system clock; tests
 * drive a FakeClock so that they can cross midnight or a DST change, or
 * simulate a host sleeping, in milliseconds.
 */
export interface Clock {
  /** Wall-clock time, Unix epoch milliseconds. */
  now(): number;
  /**
   * Monotonic time in milliseconds. It does not advance while the host is
   * suspended, so comparing it with now() reveals a sleep.
   */
  monotonic(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/** Maximum delay Node's setTimeout accepts (about 24.8 days). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class SystemClock implements Clock {
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      callback();
    }, Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS));
    this.#timers.set(id, timer);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = this.#timers.get(handle.id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(handle.id);
  }
}
