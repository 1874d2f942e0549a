/**
 * Limits progress updates per task to one per interval. The first report
 * goes out at once, and later ones within the interval are held. The latest
 * held value goes out when the interval ends or when flush() is called
 * (before a state change), so the last value is never lost.
 */
export class ProgressThrottle {
  readonly #lastSentAt = new Map<string, number>();
  readonly #pending = new Map<string, { progress: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (taskId: string, progress: number) => void,
  ) {}

  report(taskId: string, progress: number): void {
    const now = Date.now();
    const pending = this.#pending.get(taskId);
    if (pending !== undefined) {
      pending.progress = progress;
      return;
    }

    const wait = (this.#lastSentAt.get(taskId) ?? -Infinity) + this.intervalMs - now;
    if (wait <= 0) {
      this.#emit(taskId, progress);
      return;
    }
    const timer = setTimeout(() => this.flush(taskId), wait);
    this.#pending.set(taskId, { progress, timer });
  }

  /** Sends a held value for the task now, if there is one. */
  flush(taskId: string): void {
    const pending = this.#pending.get(taskId);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    this.#pending.delete(taskId);
    this.#emit(taskId, pending.progress);
  }

  /** Drops held values and their timers. */
  dispose(): void {
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  #emit(taskId: string, progress: number): void {
    this.#lastSentAt.set(taskId, Date.now());
    this.send(taskId, progress);
  }
}
