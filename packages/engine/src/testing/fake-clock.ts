import type { Clock, TimerHandle } from '../clock.ts';

interface PendingTimer {
  id: number;
  /** Monotonic time at which it fires. */
  dueAt: number;
  callback: () => void;
}

/**
 * A clock for tests. Time moves only when a test calls advance() or sleep().
 * Timers fire in due order; after each one the microtask queue is drained so
 * that async work started by a timer settles before the next timer fires.
 */
export class FakeClock implements Clock {
  #wall: number;
  #monotonic = 0;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(start: number | string | Date) {
    this.#wall = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.#wall;
  }

  monotonic(): number {
    return this.#monotonic;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, dueAt: this.#monotonic + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle.id);
  }

  /** Number of timers waiting to fire. */
  pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves wall and monotonic time forward together, firing every timer that
   * comes due on the way, in order.
   */
  async advance(ms: number): Promise<void> {
    const end = this.#monotonic + ms;
    for (;;) {
      const next = this.#earliestTimer();
      if (next === undefined || next.dueAt > end) break;
      this.#wall += next.dueAt - this.#monotonic;
      this.#monotonic = next.dueAt;
      this.#timers.delete(next.id);
      next.callback();
      await settle();
    }
    this.#wall += end - this.#monotonic;
    this.#monotonic = end;
    await settle();
  }

  /** Advances to a wall-clock instant, firing timers on the way. */
  async advanceTo(instant: number | string): Promise<void> {
    const target = typeof instant === 'number' ? instant : new Date(instant).getTime();
    await this.advance(Math.max(0, target - this.#wall));
  }

  /**
   * Simulates a suspended host: wall time jumps while monotonic time stands
   * still, as on Linux where CLOCK_MONOTONIC stops during suspend. Timers
   * then fire late, as they do after a real resume.
   */
  async sleep(ms: number): Promise<void> {
    this.#wall += ms;
    await settle();
  }

  /** Lets pending promise callbacks and I/O callbacks run. */
  async flush(): Promise<void> {
    await settle();
  }

  #earliestTimer(): PendingTimer | undefined {
    let earliest: PendingTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (earliest === undefined || timer.dueAt < earliest.dueAt) earliest = timer;
    }
    return earliest;
  }
}

/**
 * Waits for queued promise callbacks and a few event-loop turns, so that
 * database writes started by a timer complete before time moves on.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
