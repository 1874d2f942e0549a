/**
 * Tells whether an error thrown by a task body means "I stopped because I was
 * cancelled": an AbortError or TimeoutError (what fetch, timers/promises and
 * AbortSignal-aware APIs throw), or the signal's own reason, thrown again.
 */
export function isCancellationError(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  if (error === signal.reason) return true;
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) {
    const name = (error as { name?: unknown }).name;
    return name === 'AbortError' || name === 'TimeoutError' || name === 'CanceledError' || name === 'CancelledError';
  }
  return false;
}

/** The reason handed to AbortController#abort, so tasks can tell why they stop. */
export class RunCancelledError extends Error {
  override readonly name = 'AbortError';

  constructor(readonly reason: string) {
    super(`The run was cancelled (${reason}).`);
  }
}
