/**
 * Fetches a URL and parses its JSON body, giving up after `timeoutMs` or
 * when `signal` aborts (then it throws the signal's reason). Errors name the URL.
 */
export async function fetchJson(url: string, signal: AbortSignal, timeoutMs: number): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.any([signal, timeout]),
      headers: { accept: 'application/json' },
      redirect: 'follow',
    });
  } catch (error) {
    signal.throwIfAborted();
    if (timeout.aborted) throw new Error(`Fetching ${url} timed out after ${timeoutMs / 1000} seconds.`);
    throw new Error(`Fetching ${url} failed: ${describe(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`Fetching ${url} failed: HTTP ${response.status} ${response.statusText}.`);
  }
  try {
    return await response.json();
  } catch (error) {
    signal.throwIfAborted();
    if (timeout.aborted) throw new Error(`Fetching ${url} timed out after ${timeoutMs / 1000} seconds.`);
    throw new Error(`${url} did not return valid JSON: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
