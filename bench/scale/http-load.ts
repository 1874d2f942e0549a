import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Milliseconds. */
  latencyP50: number;
  /** Milliseconds. */
  latencyP99: number;
  requests: number;
  bytesPerSecond: number;
}

/**
 * Sends GET requests for a fixed time over a few keep-alive connections with
 * autocannon, in this process. Throws when any request failed or got a
 * status other than 2xx, because then the figures would not describe the
 * route being measured.
 */
export async function measureGetLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'GET',
    headers: options.headers,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `Load on ${options.url} had ${result.errors} errors, ${result.timeouts} timeouts and ${result.non2xx} non-2xx responses.`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    requests: result.requests.total,
    bytesPerSecond: result.throughput.average,
  };
}
